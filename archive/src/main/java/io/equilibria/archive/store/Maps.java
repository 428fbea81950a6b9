package io.equilibria.archive.store;

import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.Blob;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Row;
import io.equilibria.archive.Sort;
import io.equilibria.fitness.Score;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.function.Consumer;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

/**
 * The MapDB maps of an archive and the derived data kept in step with its records: the listing
 * rows, the sorted index (its keys are {@link #keys}), the living finds' behaviours and the
 * thumbnails' blob references. {@link Archive} writes through it and journals; a rebuild from the
 * journal replays into it ({@link #apply}) without an {@link Archive} around it.
 *
 * <p>Not thread-safe: its owner ({@link Archive}, synchronised) is its only user.
 */
final class Maps {
    final DB db;
    final Map<String, String> meta;
    final HTreeMap<String, byte[]> entries;
    final HTreeMap<String, String> thumbs;
    final HTreeMap<String, String> rows;
    /** Derived: the living finds' behaviour descriptors as short text, for maps and comparisons. */
    final HTreeMap<String, String> behaviour;
    final HTreeMap<String, byte[]> runs;
    final HTreeMap<String, byte[]> clusterings;
    final BTreeMap<String, byte[]> comparisons;
    final NavigableSet<String> index;
    final Blobs blobs;

    Maps(DB db, Blobs blobs) {
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
        this.blobs = blobs;
    }

    /** Every live record as journal operations (what a rewritten journal holds). */
    void records(Consumer<Journal.Op> sink) {
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
    }

    /** Recomputes the rows and the sorted index from the entries, in one commit. */
    void rebuildIndexes() {
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
        meta.put("index", Integer.toString(Archive.INDEX_LAYOUT));
        db.commit();
    }

    /** Applies one journalled change to the maps (and their derived rows and index). */
    void apply(Journal.Op op) {
        switch (op.kind()) {
            case META -> meta.put(op.key(), op.text());
            case ENTRY -> putEntry(ArchiveJson.read(op.value(), Entry.class, "entry " + op.key()), op.value());
            case THUMBS -> putThumbnails(op.key(), op.text());
            case RUN -> runs.put(op.key(), op.value());
            case CLUSTERING -> clusterings.put(op.key(), op.value());
            case COMPARISON -> comparisons.put(op.key(), op.value());
        }
    }

    void putEntry(Entry entry, byte[] json) {
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

    /** Records an entry's thumbnail blobs (already on disk; names "A\tB"), replacing earlier ones. */
    void putThumbnails(String id, String names) {
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

    static List<String> keys(Entry e) {
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

    static String sortable(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        long bits = Double.doubleToLongBits(value == 0 ? 0.0 : value);
        bits ^= (bits >> 63) | Long.MIN_VALUE;
        return HexFormat.of().toHexDigits(bits);
    }
}
