package io.equilibria.archive.store;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveInUseException;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Blob;
import io.equilibria.archive.Clustering;
import io.equilibria.archive.Collected;
import io.equilibria.archive.Comparison;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Owner;
import io.equilibria.archive.Page;
import io.equilibria.archive.Query;
import io.equilibria.archive.Rating;
import io.equilibria.archive.RowPage;
import io.equilibria.archive.SearchRun;
import io.equilibria.archive.Stats;
import io.equilibria.archive.Status;
import io.equilibria.config.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;

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
 *
 * <p>Why this class is long: it is the one monitor of the store, so the open and close sequence and
 * every {@link ArchiveView} operation (each checks a lifecycle rule, then reads or writes under the
 * lock) live here. What needs no lock of its own is elsewhere: {@link Maps} (the maps and their
 * derived index), {@link Listings} (index walks, statistics), {@link ArchiveFiles} (path checks, the
 * lock file, rebuilds), {@link ArchiveWriter} (one transaction's changes).
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
    static final int INDEX_LAYOUT = 6; // 4: the combined-score order; 5: the rating order, maps.rows with ratings; 6: behaviours

    static final String LATEST = "latest";


    /** How long a writer waits for a process that holds the archive only to read it. */
    public static final long READER_PATIENCE_MILLIS = 5_000;

    /**
     * The journal is rewritten from the live records when it has grown to three times its size after
     * the last rewrite (or open), and past this (property {@code equilibria.archive.compactMin},
     * bytes: tests make it small).
     */
    private static final long COMPACT_MIN = Long.getLong("equilibria.archive.compactMin", 64L << 20);

    static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Archive.class);

    private final Path file;
    private final Maps maps;
    private final Listings listings;
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
        this.maps = new Maps(db, new Blobs(Blob.dirOf(file)));
        this.listings = new Listings(maps);
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
        ArchiveFiles.checkPath(file, create);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw new ArchiveException("archive " + file + ": cannot create its folder (" + ArchiveFiles.oneLine(e) + ")", e);
        }
        ArchiveLock lock = ArchiveFiles.acquire(file);
        try {
            return open(file, lock, serveReads);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
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
                    ArchiveFiles.rebuild(file, journal);
                }
            } else if (!Files.exists(file) || Files.size(file) == 0) {
                Journal.writeSnapshot(journal, live -> {});
            }
            self.write(file); // until close, this marks the archive as open
        } catch (IOException e) {
            throw new ArchiveException("archive " + file + " cannot be opened: " + ArchiveFiles.oneLine(e), e);
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
            throw ArchiveFiles.damaged(file, e);
        }
        Archive archive;
        try {
            archive = new Archive(file, db);
        } catch (RuntimeException e) {
            db.close();
            self.remove(file);
            throw ArchiveFiles.damaged(file, e);
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
                throw new UncheckedIOException("archive " + file + " cannot be opened: " + ArchiveFiles.oneLine(io), io);
            }
            throw ArchiveFiles.damaged(file, e);
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
        ArchiveFiles.checkPath(file, false);
        Path journal = Journal.fileOf(file);
        if (!Files.exists(journal)) {
            throw new ArchiveException("archive " + file + " has no journal " + journal
                    + " to rebuild from (an archive gets one the first time this version opens it)");
        }
        try (ArchiveLock lock = ArchiveFiles.acquire(file)) {
            int records = ArchiveFiles.rebuild(file, journal);
            // A crash's owner file (nobody else holds the lock) would make the next open rebuild again.
            Files.deleteIfExists(Owner.fileOf(file));
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("archive " + file + ": cannot rebuild it from " + journal, e);
        }
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
            return RemoteArchive.of(file, o);
        }
    }

    private void checkSchema() {
        String schema = maps.meta.get("schema");
        if (schema == null) {
            boolean fresh = maps.entries.isEmpty() && maps.runs.isEmpty() && maps.index.isEmpty();
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
        if (!Integer.toString(INDEX_LAYOUT).equals(maps.meta.get("index"))) {
            maps.rebuildIndexes();
            maps.blobs.syncRenames();
            try {
                snapshot(); // the migration may have moved records of truth (thumbnails)
            } catch (IOException e) {
                throw new UncheckedIOException("archive " + file + ": cannot write its journal", e);
            }
        }
    }

    private void becomeOwner(boolean serveReads, Owner self) throws IOException {
        owner = self;
        if (serveReads) {
            service = ReadService.start(this, self.token());
            owner = self.withPort(service.port());
            owner.write(file);
        }
    }

    @Override
    public synchronized Map<String, Map<String, Double>> behaviours() {
        ensureOpen();
        Map<String, Map<String, Double>> all = new java.util.HashMap<>();
        maps.behaviour.forEach((id, text) -> {
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
        Journal.writeSnapshot(path, maps::records);
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
        return maps.blobs.dir();
    }

    // ---------------------------------------------------------------- writing


    /**
     * Runs {@code work} and commits what it changed, or rolls everything back when it throws. Blobs
     * it stored stay in the folder unreferenced until {@code archive gc}.
     */
    public synchronized <T> T write(Function<ArchiveWriter, T> work) {
        ensureOpen();
        if (damaged) {
            throw new ArchiveException("archive " + file + ": an earlier write failed half-way; close and open it"
                    + " again (it is rebuilt from its journal)");
        }
        ArchiveWriter writer = new ArchiveWriter(this, maps);
        T result;
        try {
            result = work.apply(writer);
            maps.blobs.syncRenames(); // the blobs it references are whole and named on disk before it commits
            journal.append(writer.ops);
        } catch (IOException e) {
            maps.db.rollback();
            damaged = journal.broken();
            throw new UncheckedIOException("archive " + file + ": cannot write its journal " + journal.path(), e);
        } catch (RuntimeException | Error e) {
            maps.db.rollback();
            throw e;
        }
        try {
            maps.db.commit();
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
            LOG.warn("archive {}: cannot rewrite its journal ({}); it keeps growing", file, ArchiveFiles.oneLine(e));
        }
    }

    /** Removes blob files no entry references, and stale temporary files. */
    public synchronized Collected collectGarbage() throws IOException {
        ensureOpen();
        return maps.blobs.collect(listings.referencedBlobs());
    }


    /** Whether a blob exists and its content matches its name. */
    public boolean intact(Blob blob) {
        return maps.blobs.intact(blob);
    }

    /** Unpacks a zip blob (a checkpoint) into a directory. */
    public void unpack(Blob blob, Path target) throws IOException {
        maps.blobs.unpack(blob, target);
    }

    // ---------------------------------------------------------------- reading

    @Override
    public synchronized Optional<Entry> entry(String id) {
        ensureOpen();
        byte[] json = maps.entries.get(id);
        return json == null ? Optional.empty() : Optional.of(ArchiveJson.read(json, Entry.class, "entry " + id));
    }

    @Override
    public synchronized Entry resolve(String idOrPrefix) {
        ensureOpen();
        return entry(listings.resolve(idOrPrefix, file)).orElseThrow();
    }

    @Override
    public synchronized RowPage rows(Query q) {
        ensureOpen();
        return listings.rows(q);
    }

    @Override
    public synchronized Page list(Query q) {
        RowPage page = rows(q);
        return new Page(page.rows().stream().map(r -> entry(r.id()).orElseThrow()).toList(), page.total());
    }

    /** Index keys starting with {@code prefix} (which ends in '/'), in order or reversed. */

    @Override
    public synchronized List<String> children(String id) {
        ensureOpen();
        return listings.children(id);
    }

    @Override
    public synchronized Optional<byte[]> thumbnail(String id, Side side) {
        ensureOpen();
        String names = maps.thumbs.get(id);
        if (names == null) {
            return Optional.empty();
        }
        String name = names.split("\t")[side.ordinal()];
        try {
            return Optional.of(Files.readAllBytes(maps.blobs.dir().resolve(name)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized Optional<Clustering> clustering() {
        ensureOpen();
        byte[] json = maps.clusterings.get(LATEST);
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
        maps.comparisons.values().forEach(v -> all.add(ArchiveJson.read(v, Comparison.class, "comparison")));
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
        if (!entry.promotable()) {
            throw new ArchiveException("entry " + id + " is " + entry.status().jsonName()
                    + ": only an evaluated or rendered entry can be promoted");
        }
        return write(w -> w.update(id, e -> e.withStatus(Status.PROMOTED, "")));
    }

    @Override
    public synchronized List<SearchRun> runs() {
        ensureOpen();
        List<SearchRun> all = new ArrayList<>();
        for (var e : new TreeMap<>(maps.runs).entrySet()) {
            all.add(ArchiveJson.read(e.getValue(), SearchRun.class, "run " + e.getKey()));
        }
        return all;
    }

    @Override
    public synchronized Optional<SearchRun> run(String name) {
        ensureOpen();
        byte[] json = maps.runs.get(name);
        return json == null ? Optional.empty() : Optional.of(ArchiveJson.read(json, SearchRun.class, "run " + name));
    }

    /** All entry ids (unordered). */
    public synchronized List<String> ids() {
        ensureOpen();
        return new ArrayList<>(maps.entries.keySet());
    }

    @Override
    public synchronized Stats stats() {
        ensureOpen();
        return listings.stats(file, schema());
    }

    public synchronized int schema() {
        return Integer.parseInt(maps.meta.get("schema"));
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
                maps.db.close();
                if (journal != null) {
                    journal.close();
                }
                if (owner != null && !damaged) {
                    owner.remove(file); // closed cleanly: the next open may trust the MapDB file
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("archive {} did not close cleanly ({}); the next open rebuilds it", file, ArchiveFiles.oneLine(e));
            } finally {
                if (lock != null) {
                    lock.close();
                }
            }
        }
    }
}
