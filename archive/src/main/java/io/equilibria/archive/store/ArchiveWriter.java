package io.equilibria.archive.store;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.Blob;
import io.equilibria.archive.Clustering;
import io.equilibria.archive.Comparison;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Row;
import io.equilibria.archive.SearchRun;
import io.equilibria.archive.Thumbnails;
import io.equilibria.config.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/** Changes made inside one {@link Archive#write}: committed together or not at all. */
public final class ArchiveWriter {
    final List<Journal.Op> ops = new ArrayList<>();
    private final Archive archive;
    private final Maps maps;

    ArchiveWriter(Archive archive, Maps maps) {
        this.archive = archive;
        this.maps = maps;
    }

    /**
     * Adds or replaces an entry, keeping its thumbnails when {@code thumbnails} is null. The
     * artist's rating is never dropped by a replacement without one (a search storing the same
     * genome again, say); only {@link Archive#rate} changes or clears it.
     */
    public void put(Entry entry, Thumbnails thumbnails) {
        String oldRow = entry.rating() == null ? maps.rows.get(entry.id()) : null;
        if (oldRow != null && !Row.decode(oldRow).rating().isEmpty()) { // only a rated entry's JSON is read
            entry = entry.withRating(archive.entry(entry.id()).orElseThrow().rating());
        }
        putExactly(entry, thumbnails);
    }

    void putExactly(Entry entry, Thumbnails thumbnails) {
        for (Blob blob : entry.files().values()) {
            if (!Files.isRegularFile(maps.blobs.path(blob))) {
                throw new IllegalStateException("entry " + entry.id() + " references a missing blob " + blob.name());
            }
        }
        byte[] json = Json.bytes(entry);
        maps.putEntry(entry, json);
        ops.add(new Journal.Op(Journal.Kind.ENTRY, entry.id(), json));
        if (thumbnails != null) {
            String names = store(thumbnails.a(), "png").name() + "\t" + store(thumbnails.b(), "png").name();
            maps.putThumbnails(entry.id(), names);
            ops.add(Journal.Op.text(Journal.Kind.THUMBS, entry.id(), names));
        }
    }

    /** Replaces an existing entry by {@code change} applied to it. */
    public Entry update(String id, Function<Entry, Entry> change) {
        Entry current = archive.entry(id).orElseThrow(() -> new ArchiveException("no entry " + id + " in " + archive.file()));
        Entry next = change.apply(current);
        if (!next.id().equals(id)) {
            throw new IllegalArgumentException("an update must keep the entry's id");
        }
        put(next, null);
        return next;
    }

    public void putRun(SearchRun run) {
        byte[] json = Json.bytes(run);
        maps.runs.put(run.name(), json);
        ops.add(new Journal.Op(Journal.Kind.RUN, run.name(), json));
    }

    /** Adds a comparison (keyed by its time, then its chosen id: in the order they were made). */
    public void putComparison(Comparison c) {
        byte[] json = Json.bytes(c);
        String key = HexFormat.of().toHexDigits(c.at().toEpochMilli()) + "/" + c.chosen() + "/" + maps.comparisons.size();
        maps.comparisons.put(key, json);
        ops.add(new Journal.Op(Journal.Kind.COMPARISON, key, json));
    }

    /** Replaces the latest clustering. */
    public void putClustering(Clustering clustering) {
        byte[] json = Json.bytes(clustering);
        maps.clusterings.put(Archive.LATEST, json);
        ops.add(new Journal.Op(Journal.Kind.CLUSTERING, Archive.LATEST, json));
    }

    void meta(String key, String value) {
        maps.meta.put(key, value);
        ops.add(Journal.Op.text(Journal.Kind.META, key, value));
    }

    /** Stores bytes as a blob (complete on disk when this returns). */
    public Blob store(byte[] data, String extension) {
        try {
            return maps.blobs.store(data, extension);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a blob into " + maps.blobs.dir(), e);
        }
    }

    public Blob store(Path source, String extension) {
        try {
            return maps.blobs.store(source, extension);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + source + " as a blob", e);
        }
    }

    /** Stores a directory (a checkpoint) as one zip blob. */
    public Blob storeDirectory(Path source) {
        try {
            return maps.blobs.storeDirectory(source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + source + " as a blob", e);
        }
    }
}
