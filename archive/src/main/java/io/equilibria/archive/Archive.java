package io.equilibria.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

/**
 * A project's archive: one MapDB file with transactions, owned by one process at a time, its
 * journal, and a folder of blobs beside it.
 *
 * <pre>
 * meta        schema version, creation time, program version
 * entries     id → Entry as JSON
 * thumbs      id → blob names of the A and B thumbnail PNGs (layout 3; layout 2 kept the PNG bytes
 *             in a map "thumbnails", which MapDB's write-ahead log could damage on kill -9)
 * rows        id → the entry's listing row, as text (pages without JSON)
 * runs        name → SearchRun as JSON
 * clusterings name → Clustering as JSON ("latest": what `equilibria cluster` found last)
 * comparisons time-ordered key → Comparison as JSON (the compare page's answers)
 * index       sorted keys: n|s|g|c/&lt;sortable value&gt;/id (listings), i/id (prefixes),
 *             p/parent/child (lineage), b/blob/id (blob references)
 * </pre>
 *
 * Every change happens in {@link #write}, which commits once at its end or rolls back. Blobs are
 * complete on disk before the commit that references them. Methods are synchronised: MapDB has one
 * transaction for the whole store, so this object is its only writer.
 *
 * <p>Crashes: a change is committed when its record is forced into the {@link Journal}; MapDB
 * commits after that. An archive whose last owner did not close it (its owner file is still there)
 * is not trusted: its MapDB file is rebuilt from the journal before anything reads it, because
 * MapDB 3.1.0's write-ahead log can come back from a {@code kill -9} damaged.
 */
public final class Archive implements ArchiveView {
    /** The schema this version writes. Older archives are migrated on open; newer ones are refused. */
    public static final int SCHEMA = 1;

    /** Where the archive is when no {@code --archive} is given. */
    public static final Path DEFAULT = Path.of("equilibria.db");

    /**
     * The layout of the derived maps (rows, index). When it differs from an archive's, they are
     * rebuilt from the entries on open: they hold nothing the entries do not.
     */
    static final int INDEX_LAYOUT = 6; // 4: the combined-score order; 5: the rating order, rows with ratings; 6: behaviours

    /** The first byte of every MapDB file. */
    private static final byte MAPDB_HEADER = 0x4A;

    private static final String LATEST = "latest";

    private static final Pattern ID_PREFIX = Pattern.compile("[0-9a-f]{1,64}");

    /** How long a writer waits for a process that holds the archive only to read it. */
    static final long READER_PATIENCE_MILLIS = 5_000;

    /**
     * The journal is rewritten from the live records when it has grown to three times its size after
     * the last rewrite (or open), and past this (property {@code equilibria.archive.compactMin},
     * bytes: tests make it small).
     */
    private static final long COMPACT_MIN = Long.getLong("equilibria.archive.compactMin", 64L << 20);

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Archive.class);

    private final Path file;
    private final DB db;
    private final Map<String, String> meta;
    private final HTreeMap<String, byte[]> entries;
    private final HTreeMap<String, String> thumbs;
    private final HTreeMap<String, String> rows;
    /** Derived: the living finds' behaviour descriptors as short text, for maps and comparisons. */
    private final HTreeMap<String, String> behaviour;
    private final HTreeMap<String, byte[]> runs;
    private final HTreeMap<String, byte[]> clusterings;
    private final BTreeMap<String, byte[]> comparisons;
    private final NavigableSet<String> index;
    private final Blobs blobs;
    private ArchiveLock lock;
    private Journal journal;
    private long compactAt;
    /** A commit failed after its journal record was written: the next open must rebuild. */
    private boolean damaged;
    private Owner owner;
    private ReadService service;
    private boolean closed;

    private Archive(Path file, DB db) {
        this.file = file;
        this.db = db;
        this.meta = db.hashMap("meta", Serializer.STRING, Serializer.STRING).createOrOpen();
        this.entries = db.hashMap("entries", Serializer.STRING, Serializer.BYTE_ARRAY).counterEnable().createOrOpen();
        this.thumbs = db.hashMap("thumbs", Serializer.STRING, Serializer.STRING).createOrOpen();
        this.rows = db.hashMap("rows", Serializer.STRING, Serializer.STRING).counterEnable().createOrOpen();
        this.behaviour = db.hashMap("behaviour", Serializer.STRING, Serializer.STRING).createOrOpen();
        this.runs = db.hashMap("runs", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.clusterings = db.hashMap("clusterings", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.comparisons = db.treeMap("comparisons", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.index = db.treeSet("index", Serializer.STRING).createOrOpen();
        this.blobs = new Blobs(Blobs.dirOf(file));
    }

    /**
     * Opens the archive at {@code file} for this process, creating it when missing, and serves
     * reads to other processes on loopback while it is open.
     *
     * @throws ArchiveInUseException when another process owns it
     * @throws ArchiveException when the file is not an archive, or a newer one
     */
    public static Archive open(Path file) {
        return open(file, true, true);
    }

    /** Opens an existing archive, refusing to create one. */
    public static Archive openExisting(Path file, boolean serveReads) {
        return open(file, false, serveReads);
    }

    private static Archive open(Path file, boolean create, boolean serveReads) {
        checkPath(file, create);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw new ArchiveException("archive " + file + ": cannot create its folder (" + oneLine(e) + ")", e);
        }
        ArchiveLock lock = acquire(file);
        try {
            return open(file, lock, serveReads);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    /**
     * The archive's lock; when a process holds it only to read (a listing, the browser, which lets
     * go when idle), or has not yet said what it holds it for, waits up to {@link
     * #READER_PATIENCE_MILLIS} for it.
     */
    private static ArchiveLock acquire(Path file) {
        long deadline = System.currentTimeMillis() + READER_PATIENCE_MILLIS;
        while (true) {
            try {
                return ArchiveLock.acquire(file);
            } catch (ArchiveInUseException e) {
                // No owner file: the holder is between taking the lock and describing itself, or
                // between removing its description and letting go (a browser closing when idle).
                boolean writer = e.owner() != null && !e.owner().reader();
                if (writer || System.currentTimeMillis() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ArchiveException("interrupted while waiting for archive " + file);
            }
        }
    }

    private static Archive open(Path file, ArchiveLock lock, boolean serveReads) {
        Path journal = Journal.fileOf(file);
        String token = Tokens.random();
        Owner self = Owner.self(0, token, programVersion(), !serveReads);
        try {
            Journal.removeStaleSnapshot(journal);
            if (Files.exists(journal)) {
                if (Files.exists(Owner.fileOf(file))) {
                    LOG.warn("archive {} was not closed by its last process: rebuilding it from its journal", file);
                    rebuild(file, journal);
                }
            } else if (!Files.exists(file) || Files.size(file) == 0) {
                Journal.writeSnapshot(journal, live -> {});
            }
            self.write(file); // until close, this marks the archive as open
        } catch (IOException e) {
            throw new ArchiveException("archive " + file + " cannot be opened: " + oneLine(e), e);
        }
        DB db;
        try {
            // RandomAccessFile (the default): a memory-mapped store syncs the whole mapping on every commit
            // (16 ms at 10,000 entries against 1.3 ms), and a FileChannel closes when a thread is interrupted.
            db = DBMaker.fileDB(file.toFile()).transactionEnable().make();
        } catch (DBException.FileLocked e) {
            self.remove(file);
            throw new ArchiveInUseException(file, Owner.read(file));
        } catch (DBException e) {
            self.remove(file);
            throw damaged(file, e);
        }
        Archive archive;
        try {
            archive = new Archive(file, db);
        } catch (RuntimeException e) {
            db.close();
            self.remove(file);
            throw damaged(file, e);
        }
        archive.lock = lock;
        try {
            if (Files.exists(journal)) {
                archive.journal = Journal.append(journal);
            } else {
                archive.snapshot(); // an archive from before journals
            }
            archive.checkSchema();
            long live = Files.size(file);
            if (archive.journal.size() > Math.max(COMPACT_MIN, 3 * live)) {
                archive.snapshot(); // many superseded records
            }
            archive.compactAt = Math.max(COMPACT_MIN, 3 * archive.journal.size());
            archive.becomeOwner(serveReads, self);
        } catch (RuntimeException | IOException e) {
            archive.close();
            if (e instanceof ArchiveException a) {
                throw a;
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("archive " + file + " cannot be opened: " + oneLine(io), io);
            }
            throw damaged(file, e);
        }
        return archive;
    }

    /**
     * Rebuilds the MapDB file of the archive at {@code file} from its journal, as an open does after
     * a crash, and returns the number of journal records replayed.
     *
     * @throws ArchiveInUseException when another process owns it
     */
    public static int rebuild(Path file) {
        checkPath(file, false);
        Path journal = Journal.fileOf(file);
        if (!Files.exists(journal)) {
            throw new ArchiveException("archive " + file + " has no journal " + journal
                    + " to rebuild from (an archive gets one the first time this version opens it)");
        }
        try (ArchiveLock lock = acquire(file)) {
            int records = rebuild(file, journal);
            // A crash's owner file (nobody else holds the lock) would make the next open rebuild again.
            Files.deleteIfExists(Owner.fileOf(file));
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("archive " + file + ": cannot rebuild it from " + journal, e);
        }
    }

    private static ArchiveException damaged(Path file, Exception e) {
        return new ArchiveException("archive " + file + " cannot be opened: it is not an equilibria archive or it"
                + " is damaged (" + oneLine(e) + ")", e);
    }

    /**
     * Replaces the MapDB file by one built from the journal's whole records, and cuts a torn last
     * record off the journal. A crash during this leaves the owner file, so the next open does it again.
     */
    private static int rebuild(Path file, Path journal) throws IOException {
        long started = System.nanoTime();
        Path fresh = file.resolveSibling(file.getFileName() + ".rebuild");
        deleteStore(fresh);
        int[] records = {0};
        long valid;
        // Without a write-ahead log: a crash while building leaves the owner file, and the next open
        // builds again from scratch; the file is only renamed into place once closed.
        DB db = DBMaker.fileDB(fresh.toFile()).fileMmapEnable().cleanerHackEnable().make();
        try {
            Archive building = new Archive(file, db);
            valid = Journal.replay(journal, ops -> {
                ops.forEach(building::apply);
                records[0]++;
            });
            building.meta.put("index", Integer.toString(INDEX_LAYOUT));
            db.commit();
        } finally {
            db.close();
        }
        deleteStore(file);
        Files.move(fresh, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Blobs.syncDirectory(file.toAbsolutePath().getParent());
        Journal.truncate(journal, valid);
        LOG.info("archive {}: rebuilt from its journal ({} records, {} ms)", file, records[0],
                (System.nanoTime() - started) / 1_000_000);
        return records[0];
    }

    /** Deletes a MapDB file and its write-ahead log files. */
    private static void deleteStore(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (var files = Files.list(file.toAbsolutePath().getParent())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith(name + ".wal")) {
                    Files.delete(p);
                }
            }
        }
        Files.deleteIfExists(file);
    }

    /**
     * Opens an existing archive for reading: directly when no process owns it, or through the read
     * service of the process that does (a running search). Writes need {@link #open}.
     */
    public static ArchiveView read(Path file) {
        try {
            return openExisting(file, false);
        } catch (ArchiveInUseException e) {
            Owner o = e.owner();
            if (o == null || o.port() <= 0) {
                throw e;
            }
            return new RemoteArchive(file, o);
        }
    }

    private static void checkPath(Path file, boolean create) {
        if (Files.isDirectory(file)) {
            throw new ArchiveException("archive " + file + " is a directory, not an archive file");
        }
        if (!Files.exists(file)) {
            if (!create) {
                throw new ArchiveException("no archive at " + file
                        + " (a search or `train --archive` creates one; --archive PATH names another)");
            }
            return;
        }
        if (!Files.isReadable(file) || !Files.isWritable(file)) {
            throw new ArchiveException("archive " + file + " cannot be read and written by this user");
        }
        // MapDB would extend (and so damage) any file it is given: check its header first.
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            if (head.length > 0 && (head.length < 2 || head[0] != MAPDB_HEADER)) {
                throw new ArchiveException("archive " + file + " cannot be opened: it is not an equilibria archive"
                        + " (not a MapDB file); it was left untouched");
            }
        } catch (IOException e) {
            throw new ArchiveException("archive " + file + " cannot be read: " + oneLine(e));
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private void checkSchema() {
        String schema = meta.get("schema");
        if (schema == null) {
            boolean fresh = entries.isEmpty() && runs.isEmpty() && index.isEmpty();
            if (!fresh) {
                throw new ArchiveException("archive " + file + " has no schema version: not an equilibria archive");
            }
            write(w -> {
                w.meta("schema", Integer.toString(SCHEMA));
                w.meta("created", Instant.now().toString());
                w.meta("program", programVersion());
                return null;
            });
            return;
        }
        int version;
        try {
            version = Integer.parseInt(schema);
        } catch (NumberFormatException e) {
            throw new ArchiveException("archive " + file + " has an unreadable schema version \"" + schema + "\"");
        }
        if (version > SCHEMA) {
            throw new ArchiveException("archive " + file + " was written by a newer equilibria (schema " + version
                    + "; this one reads up to " + SCHEMA + "): upgrade equilibria to open it");
        }
        if (version < 1) {
            throw new ArchiveException("archive " + file + " has an invalid schema version " + version);
        }
        // Version 1 is the first: no migrations yet. A future version migrates here, in one commit.
        if (!Integer.toString(INDEX_LAYOUT).equals(meta.get("index"))) {
            rebuildIndexes();
            blobs.syncRenames();
            try {
                snapshot(); // the migration may have moved records of truth (thumbnails)
            } catch (IOException e) {
                throw new UncheckedIOException("archive " + file + ": cannot write its journal", e);
            }
        }
    }

    /** Recomputes the rows and the sorted index from the entries, in one commit. */
    private void rebuildIndexes() {
        index.clear();
        rows.clear();
        behaviour.clear();
        if (db.exists("brief")) {
            db.hashMap("brief", Serializer.STRING, Serializer.STRING).open().clear(); // layout 1's rows
        }
        for (var e : entries.entrySet()) {
            Entry entry = ArchiveJson.read(e.getValue(), Entry.class, "entry " + e.getKey());
            rows.put(entry.id(), Row.of(entry).encode());
            putBehaviour(entry);
            index.addAll(keys(entry));
        }
        // Thumbnails: layout 3 keeps them as blobs (layout 2 kept PNG bytes in the store itself).
        Map<String, String> known = new java.util.HashMap<>(thumbs);
        thumbs.clear();
        known.forEach(this::putThumbnails);
        if (db.exists("thumbnails")) {
            HTreeMap<String, byte[]> old = db.hashMap("thumbnails", Serializer.STRING, Serializer.BYTE_ARRAY).open();
            for (String id : entries.keySet()) {
                byte[] a = old.get(id + "/a");
                byte[] b = old.get(id + "/b");
                if (a != null && b != null) {
                    try {
                        putThumbnails(id, blobs.store(a, "png").name() + "\t" + blobs.store(b, "png").name());
                    } catch (IOException ex) {
                        throw new UncheckedIOException("cannot move thumbnails into " + blobs.dir(), ex);
                    }
                }
            }
            old.clear();
        }
        meta.put("index", Integer.toString(INDEX_LAYOUT));
        db.commit();
    }

    private void becomeOwner(boolean serveReads, Owner self) throws IOException {
        owner = self;
        if (serveReads) {
            service = ReadService.start(this, self.token());
            owner = self.withPort(service.port());
            owner.write(file);
        }
    }

    /** Applies one journalled change to the maps (and their derived rows and index). */
    private void apply(Journal.Op op) {
        switch (op.kind()) {
            case META -> meta.put(op.key(), op.text());
            case ENTRY -> putEntry(ArchiveJson.read(op.value(), Entry.class, "entry " + op.key()), op.value());
            case THUMBS -> putThumbnails(op.key(), op.text());
            case RUN -> runs.put(op.key(), op.value());
            case CLUSTERING -> clusterings.put(op.key(), op.value());
            case COMPARISON -> comparisons.put(op.key(), op.value());
        }
    }

    private void putEntry(Entry entry, byte[] json) {
        byte[] old = entries.get(entry.id());
        if (old != null) {
            index.removeAll(keys(ArchiveJson.read(old, Entry.class, "entry " + entry.id())));
        }
        entries.put(entry.id(), json);
        rows.put(entry.id(), Row.of(entry).encode());
        putBehaviour(entry);
        index.addAll(keys(entry));
    }

    private void putBehaviour(Entry entry) {
        if (entry.alive() && !entry.descriptor().isEmpty()) {
            StringBuilder text = new StringBuilder();
            entry.descriptor().forEach((k, v) -> text.append(k).append('=').append(v).append('\t'));
            behaviour.put(entry.id(), text.toString());
        } else {
            behaviour.remove(entry.id());
        }
    }

    @Override
    public synchronized Map<String, Map<String, Double>> behaviours() {
        ensureOpen();
        Map<String, Map<String, Double>> all = new java.util.HashMap<>();
        behaviour.forEach((id, text) -> {
            Map<String, Double> d = new LinkedHashMap<>();
            for (String pair : text.split("\t")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    d.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
                }
            }
            all.put(id, d);
        });
        return all;
    }

    /** Rewrites the journal as the live records, and appends to the new one from now on. */
    private void snapshot() throws IOException {
        Path path = Journal.fileOf(file);
        Journal.writeSnapshot(path, sink -> {
            meta.forEach((k, v) -> {
                if (!k.equals("index")) { // derived: the layout of the maps rebuilt from the records
                    sink.accept(Journal.Op.text(Journal.Kind.META, k, v));
                }
            });
            entries.forEach((k, v) -> sink.accept(new Journal.Op(Journal.Kind.ENTRY, k, v)));
            thumbs.forEach((k, v) -> sink.accept(Journal.Op.text(Journal.Kind.THUMBS, k, v)));
            runs.forEach((k, v) -> sink.accept(new Journal.Op(Journal.Kind.RUN, k, v)));
            clusterings.forEach((k, v) -> sink.accept(new Journal.Op(Journal.Kind.CLUSTERING, k, v)));
            comparisons.forEach((k, v) -> sink.accept(new Journal.Op(Journal.Kind.COMPARISON, k, v)));
        });
        if (journal != null) {
            journal.close();
        }
        journal = Journal.append(path);
        compactAt = Math.max(COMPACT_MIN, 3 * journal.size());
    }

    static String programVersion() {
        String v = Archive.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public Path file() {
        return file;
    }

    /** The folder of blobs beside the file. */
    public Path blobDir() {
        return blobs.dir();
    }

    // ---------------------------------------------------------------- writing

    /** Changes made inside one {@link #write}: committed together or not at all. */
    public final class Writer {
        private final List<Journal.Op> ops = new ArrayList<>();

        private Writer() {}

        /**
         * Adds or replaces an entry, keeping its thumbnails when {@code thumbnails} is null. The
         * artist's rating is never dropped by a replacement without one (a search storing the same
         * genome again, say); only {@link Archive#rate} changes or clears it.
         */
        public void put(Entry entry, Thumbnails thumbnails) {
            String oldRow = entry.rating() == null ? rows.get(entry.id()) : null;
            if (oldRow != null && !Row.decode(oldRow).rating().isEmpty()) { // only a rated entry's JSON is read
                entry = entry.withRating(Archive.this.entry(entry.id()).orElseThrow().rating());
            }
            putExactly(entry, thumbnails);
        }

        private void putExactly(Entry entry, Thumbnails thumbnails) {
            for (Blob blob : entry.files().values()) {
                if (!Files.isRegularFile(blobs.path(blob))) {
                    throw new IllegalStateException("entry " + entry.id() + " references a missing blob " + blob.name());
                }
            }
            byte[] json = ArchiveJson.bytes(entry);
            putEntry(entry, json);
            ops.add(new Journal.Op(Journal.Kind.ENTRY, entry.id(), json));
            if (thumbnails != null) {
                String names = store(thumbnails.a(), "png").name() + "\t" + store(thumbnails.b(), "png").name();
                putThumbnails(entry.id(), names);
                ops.add(Journal.Op.text(Journal.Kind.THUMBS, entry.id(), names));
            }
        }

        /** Replaces an existing entry by {@code change} applied to it. */
        public Entry update(String id, Function<Entry, Entry> change) {
            Entry current = entry(id).orElseThrow(() -> new ArchiveException("no entry " + id + " in " + file));
            Entry next = change.apply(current);
            if (!next.id().equals(id)) {
                throw new IllegalArgumentException("an update must keep the entry's id");
            }
            put(next, null);
            return next;
        }

        public void putRun(SearchRun run) {
            byte[] json = ArchiveJson.bytes(run);
            runs.put(run.name(), json);
            ops.add(new Journal.Op(Journal.Kind.RUN, run.name(), json));
        }

        /** Adds a comparison (keyed by its time, then its chosen id: in the order they were made). */
        public void putComparison(Comparison c) {
            byte[] json = ArchiveJson.bytes(c);
            String key = HexFormat.of().toHexDigits(c.at().toEpochMilli()) + "/" + c.chosen() + "/" + comparisons.size();
            comparisons.put(key, json);
            ops.add(new Journal.Op(Journal.Kind.COMPARISON, key, json));
        }

        /** Replaces the latest clustering. */
        public void putClustering(Clustering clustering) {
            byte[] json = ArchiveJson.bytes(clustering);
            clusterings.put(LATEST, json);
            ops.add(new Journal.Op(Journal.Kind.CLUSTERING, LATEST, json));
        }

        private void meta(String key, String value) {
            meta.put(key, value);
            ops.add(Journal.Op.text(Journal.Kind.META, key, value));
        }

        /** Stores bytes as a blob (complete on disk when this returns). */
        public Blob store(byte[] data, String extension) {
            try {
                return blobs.store(data, extension);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a blob into " + blobs.dir(), e);
            }
        }

        public Blob store(Path source, String extension) {
            try {
                return blobs.store(source, extension);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store " + source + " as a blob", e);
            }
        }

        /** Stores a directory (a checkpoint) as one zip blob. */
        public Blob storeDirectory(Path source) {
            try {
                return blobs.storeDirectory(source);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store " + source + " as a blob", e);
            }
        }
    }

    /** Records an entry's thumbnail blobs (already on disk; names "A\tB"), replacing earlier ones. */
    private void putThumbnails(String id, String names) {
        String old = thumbs.get(id);
        if (old != null) {
            for (String name : old.split("\t")) {
                index.remove("b/" + name + "/" + id);
            }
        }
        thumbs.put(id, names);
        for (String name : names.split("\t")) {
            index.add("b/" + name + "/" + id);
        }
    }

    /**
     * Runs {@code work} and commits what it changed, or rolls everything back when it throws. Blobs
     * it stored stay in the folder unreferenced until {@code archive gc}.
     */
    public synchronized <T> T write(Function<Writer, T> work) {
        ensureOpen();
        if (damaged) {
            throw new ArchiveException("archive " + file + ": an earlier write failed half-way; close and open it"
                    + " again (it is rebuilt from its journal)");
        }
        Writer writer = new Writer();
        T result;
        try {
            result = work.apply(writer);
            blobs.syncRenames(); // the blobs it references are whole and named on disk before it commits
            journal.append(writer.ops);
        } catch (IOException e) {
            db.rollback();
            damaged = journal.broken();
            throw new UncheckedIOException("archive " + file + ": cannot write its journal " + journal.path(), e);
        } catch (RuntimeException | Error e) {
            db.rollback();
            throw e;
        }
        try {
            db.commit();
        } catch (RuntimeException | Error e) {
            damaged = true; // committed in the journal, not in MapDB: the next open rebuilds
            throw e;
        }
        compactIfLarge();
        return result;
    }

    private void compactIfLarge() {
        try {
            if (journal.size() > compactAt) {
                snapshot();
            }
        } catch (IOException e) {
            compactAt *= 2; // the journal stays whole; try again later
            LOG.warn("archive {}: cannot rewrite its journal ({}); it keeps growing", file, oneLine(e));
        }
    }

    /** Removes blob files no entry references, and stale temporary files. */
    public synchronized Collected collectGarbage() throws IOException {
        ensureOpen();
        return blobs.collect(referencedBlobs());
    }

    private Set<String> referencedBlobs() {
        Set<String> names = new TreeSet<>();
        for (String key : prefixed("b/", false)) {
            names.add(key.substring(2, key.lastIndexOf('/')));
        }
        return names;
    }

    /** Whether a blob exists and its content matches its name. */
    public boolean intact(Blob blob) {
        return blobs.intact(blob);
    }

    /** Unpacks a zip blob (a checkpoint) into a directory. */
    public void unpack(Blob blob, Path target) throws IOException {
        blobs.unpack(blob, target);
    }

    private static List<String> keys(Entry e) {
        List<String> keys = new ArrayList<>();
        String id = e.id();
        keys.add("i/" + id);
        keys.add(Sort.SCORE.key + "/" + sortable(e.combinedScore()) + "/" + id);
        keys.add(Sort.NOVELTY.key + "/" + sortable(e.novelty()) + "/" + id);
        keys.add(Sort.STABILITY.key + "/" + sortable(e.stability()) + "/" + id);
        keys.add(Sort.GENERATION.key + "/" + HexFormat.of().toHexDigits(e.generation() ^ Integer.MIN_VALUE) + "/" + id);
        keys.add(Sort.CREATED.key + "/" + HexFormat.of().toHexDigits(e.created().toEpochMilli() ^ Long.MIN_VALUE)
                + "/" + id);
        keys.add(Sort.RATING.key + "/" + (e.rating() == null ? "" : sortable(e.rating().value())) + "/" + id);
        for (String parent : e.parents()) {
            keys.add("p/" + parent + "/" + id);
        }
        for (Blob blob : e.files().values()) {
            keys.add("b/" + blob.name() + "/" + id);
        }
        return keys;
    }

    /** A score as hex text that sorts like its value; missing and NaN scores sort below every value. */
    private static String sortable(Score score) {
        return score == null ? "" : sortable(score.value());
    }

    private static String sortable(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        long bits = Double.doubleToLongBits(value == 0 ? 0.0 : value);
        bits ^= (bits >> 63) | Long.MIN_VALUE;
        return HexFormat.of().toHexDigits(bits);
    }

    // ---------------------------------------------------------------- reading

    @Override
    public synchronized Optional<Entry> entry(String id) {
        ensureOpen();
        byte[] json = entries.get(id);
        return json == null ? Optional.empty() : Optional.of(ArchiveJson.read(json, Entry.class, "entry " + id));
    }

    @Override
    public synchronized Entry resolve(String idOrPrefix) {
        ensureOpen();
        String prefix = idOrPrefix == null ? "" : idOrPrefix.trim().toLowerCase(java.util.Locale.ROOT);
        if (!ID_PREFIX.matcher(prefix).matches()) {
            throw new ArchiveException("\"" + idOrPrefix + "\" is not an entry id (hex digits, as `archive list` shows)");
        }
        List<String> matches = new ArrayList<>();
        for (String key : index.subSet("i/" + prefix, true, "i/" + prefix + Character.MAX_VALUE, false)) {
            matches.add(key.substring(2));
            if (matches.size() > 5) {
                break;
            }
        }
        if (matches.isEmpty()) {
            throw new ArchiveException("no entry " + prefix + " in archive " + file);
        }
        if (matches.size() > 1) {
            throw new ArchiveException("entry id " + prefix + " is ambiguous: it starts " + String.join(", ",
                    matches.subList(0, Math.min(5, matches.size()))) + (matches.size() > 5 ? ", ..." : "")
                    + "; give more digits");
        }
        return entry(matches.get(0)).orElseThrow();
    }

    @Override
    public synchronized RowPage rows(Query q) {
        ensureOpen();
        List<Row> page = new ArrayList<>(Math.min(q.limit(), 1000));
        int matched = 0;
        for (String key : prefixed(q.sort().key + "/", !q.ascending())) {
            String id = key.substring(key.lastIndexOf('/') + 1);
            Row row = null;
            if (q.filters()) {
                row = Row.decode(rows.get(id));
                if ((q.status() != null && row.status() != q.status())
                        || (q.runId() != null && !row.runId().equals(q.runId()))
                        || (q.verdict() != null && !q.verdict().equals(row.verdict()))
                        || (q.rating() != null && !Rating.passes(row.ratingSummary(), q.rating()))) {
                    continue;
                }
            }
            if (matched >= q.offset() && page.size() < q.limit()) {
                page.add(row != null ? row : Row.decode(rows.get(id)));
            }
            matched++;
            if (page.size() == q.limit() && !q.filters()) {
                break; // the total is known without counting
            }
        }
        return new RowPage(page, q.filters() ? matched : rows.size());
    }

    @Override
    public synchronized Page list(Query q) {
        RowPage page = rows(q);
        return new Page(page.rows().stream().map(r -> entry(r.id()).orElseThrow()).toList(), page.total());
    }

    /** Index keys starting with {@code prefix} (which ends in '/'), in order or reversed. */
    private Iterable<String> prefixed(String prefix, boolean descending) {
        String end = prefix.substring(0, prefix.length() - 1) + (char) ('/' + 1);
        NavigableSet<String> range = index.subSet(prefix, true, end, false);
        return descending ? range.descendingSet() : range;
    }

    @Override
    public synchronized List<String> children(String id) {
        ensureOpen();
        List<String> ids = new ArrayList<>();
        for (String key : prefixed("p/" + id + "/", false)) {
            ids.add(key.substring(key.lastIndexOf('/') + 1));
        }
        return ids;
    }

    @Override
    public synchronized Optional<byte[]> thumbnail(String id, char side) {
        ensureOpen();
        if (side != 'a' && side != 'b') {
            throw new IllegalArgumentException("side must be a or b");
        }
        String names = thumbs.get(id);
        if (names == null) {
            return Optional.empty();
        }
        String name = names.split("\t")[side == 'a' ? 0 : 1];
        try {
            return Optional.of(Files.readAllBytes(blobs.dir().resolve(name)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized Optional<Clustering> clustering() {
        ensureOpen();
        byte[] json = clusterings.get(LATEST);
        return json == null ? Optional.empty() : Optional.of(ArchiveJson.read(json, Clustering.class, "clustering"));
    }

    @Override
    public void saveClustering(Clustering clustering) {
        write(w -> {
            w.putClustering(clustering);
            return null;
        });
    }

    /** The entry {@code id}, or the error every change names an unknown entry with. */
    private Entry existing(String id) {
        return entry(id).orElseThrow(() -> new ArchiveException("no entry " + id + " in archive " + file));
    }

    @Override
    public synchronized void compare(Comparison comparison) {
        for (String id : comparison.shown()) {
            Entry e = existing(id);
            if (!e.rateable()) {
                throw new ArchiveException("entry " + id + " is " + e.status().jsonName() + ": only evaluated entries"
                        + " can be compared");
            }
        }
        write(w -> {
            w.putComparison(comparison);
            return null;
        });
    }

    @Override
    public synchronized List<Comparison> comparisons() {
        ensureOpen();
        List<Comparison> all = new ArrayList<>();
        comparisons.values().forEach(v -> all.add(ArchiveJson.read(v, Comparison.class, "comparison")));
        return all;
    }

    @Override
    public synchronized Entry rate(String id, Rating.Change change) {
        Entry entry = existing(id);
        if (!entry.rateable()) {
            throw new ArchiveException("entry " + id + " is " + entry.status().jsonName()
                    + (entry.statusReason().isEmpty() ? "" : " (" + entry.statusReason() + ")")
                    + ": only an evaluated entry can be rated");
        }
        return write(w -> {
            Entry rated = entry.withRating(change.applyTo(entry.rating(), Instant.now()));
            w.putExactly(rated, null);
            return rated;
        });
    }

    @Override
    public synchronized Entry promote(String id) {
        Entry entry = existing(id);
        if (entry.status() == Status.PROMOTED) {
            return entry;
        }
        if (entry.status() != Status.EVALUATED && entry.status() != Status.RENDERED) {
            throw new ArchiveException("entry " + id + " is " + entry.status().jsonName()
                    + ": only an evaluated or rendered entry can be promoted");
        }
        return write(w -> w.update(id, e -> e.withStatus(Status.PROMOTED, "")));
    }

    @Override
    public synchronized List<SearchRun> runs() {
        ensureOpen();
        List<SearchRun> all = new ArrayList<>();
        for (var e : new TreeMap<>(runs).entrySet()) {
            all.add(ArchiveJson.read(e.getValue(), SearchRun.class, "run " + e.getKey()));
        }
        return all;
    }

    @Override
    public synchronized Optional<SearchRun> run(String name) {
        ensureOpen();
        byte[] json = runs.get(name);
        return json == null ? Optional.empty() : Optional.of(ArchiveJson.read(json, SearchRun.class, "run " + name));
    }

    /** All entry ids (unordered). */
    public synchronized List<String> ids() {
        ensureOpen();
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public synchronized Stats stats() {
        ensureOpen();
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            byStatus.put(s.jsonName(), 0);
        }
        Map<String, Integer> byRun = new TreeMap<>();
        for (String line : rows.values()) {
            Row row = Row.decode(line);
            byStatus.merge(row.status().jsonName(), 1, Integer::sum);
            byRun.merge(row.runId(), 1, Integer::sum);
        }
        try {
            Set<String> referenced = referencedBlobs();
            long referencedBytes = 0;
            long allBytes = blobs.bytes();
            for (String name : referenced) {
                referencedBytes += Blobs.dirOf(file).resolve(name).toFile().length();
            }
            return new Stats(entries.size(), byStatus, byRun, runs.size(), schema(), fileBytes(), referenced.size(),
                    referencedBytes, allBytes - referencedBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + blobs.dir(), e);
        }
    }

    private long fileBytes() throws IOException {
        long bytes = 0;
        Path dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.equals(name) || n.startsWith(name + ".wal") || n.equals(name + ".journal")) {
                    bytes += Files.size(p);
                }
            }
        }
        return bytes;
    }

    public synchronized int schema() {
        return Integer.parseInt(meta.get("schema"));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("archive " + file + " is closed");
        }
    }

    @Override
    public void close() {
        ReadService s;
        synchronized (this) {
            if (closed) {
                return;
            }
            s = service;
            service = null;
        }
        if (s != null) {
            s.stop(); // outside the lock: its handlers may be waiting for it
        }
        synchronized (this) {
            closed = true;
            try {
                db.close();
                if (journal != null) {
                    journal.close();
                }
                if (owner != null && !damaged) {
                    owner.remove(file); // closed cleanly: the next open may trust the MapDB file
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("archive {} did not close cleanly ({}); the next open rebuilds it", file, oneLine(e));
            } finally {
                if (lock != null) {
                    lock.close();
                }
            }
        }
    }
}
