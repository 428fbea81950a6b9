package io.equilibria.archive.store;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Blob;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Thumbnails;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Genome;
import io.equilibria.config.Json;
import io.equilibria.config.RunConfig;
import io.equilibria.config.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Entries in and out of an archive as plain files:
 *
 * <pre>
 * DIR/entry.json      the entry (scores, lineage, status, ...)
 * DIR/genome.json     its genome (usable with `train --genome`)
 * DIR/run.json        its resolution and budget
 * DIR/a.png, b.png    the full-size sheets of A and B (the thumbnails when there are none)
 * DIR/thumb-a.png, thumb-b.png
 * DIR/telemetry.csv   the training trace, if stored
 * DIR/checkpoint/     the networks, if stored
 * DIR/ROLE.EXT        any other file of the entry (a video, ...)
 * </pre>
 */
public final class Transfer {
    private static final Map<String, String> FILE_NAMES = Map.of(Entry.SHEET_A, "a.png", Entry.SHEET_B, "b.png",
            Entry.TELEMETRY, "telemetry.csv", Entry.CHECKPOINT, "checkpoint");

    private Transfer() {}

    /** The file name a role is exported under. */
    static String fileName(String role, Blob blob) {
        return FILE_NAMES.getOrDefault(role, role + "." + blob.extension());
    }

    /** Writes an entry into {@code out} (created; it must be empty if it exists). Returns the files written. */
    public static List<Path> export(ArchiveView archive, Entry entry, Path out) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new ArchiveException("--out " + out + " is a file, not a directory");
        }
        if (Files.isDirectory(out)) {
            try (Stream<Path> files = Files.list(out)) {
                if (files.findAny().isPresent()) {
                    throw new ArchiveException("--out " + out + " is not empty; export into a new directory");
                }
            }
        }
        Files.createDirectories(out);
        List<Path> written = new ArrayList<>();
        written.add(write(out.resolve("entry.json"), Json.pretty(entry).getBytes()));
        written.add(write(out.resolve("genome.json"), ConfigJson.toString(entry.genome()).getBytes()));
        written.add(write(out.resolve("run.json"), ConfigJson.toString(entry.run()).getBytes()));
        for (Side side : Side.values()) {
            var thumb = archive.thumbnail(entry.id(), side);
            if (thumb.isPresent()) {
                written.add(write(out.resolve("thumb-" + side.letter() + ".png"), thumb.get()));
                if (!entry.files().containsKey(side == Side.A ? Entry.SHEET_A : Entry.SHEET_B)) {
                    written.add(write(out.resolve(side.letter() + ".png"), thumb.get()));
                }
            }
        }
        for (var file : entry.files().entrySet()) {
            Blob blob = file.getValue();
            Path source = archive.blobPath(blob);
            if (!Files.isRegularFile(source)) {
                throw new ArchiveException("entry " + entry.id() + ": its " + file.getKey() + " blob " + source
                        + " is missing");
            }
            Path target = out.resolve(fileName(file.getKey(), blob));
            if (file.getKey().equals(Entry.CHECKPOINT)) {
                new Blobs(source.getParent()).unpack(blob, target);
            } else {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
            written.add(target);
        }
        return written;
    }

    private static Path write(Path file, byte[] bytes) throws IOException {
        return Files.write(file, bytes);
    }

    /** What an import did. */
    public record Imported(Entry entry, boolean added) {}

    /**
     * Adds a genome JSON file as a pending entry (trained later with {@code run}), or an exported
     * entry directory with its files. An entry already in the archive is left as it is.
     */
    public static Imported importPath(Archive archive, Path source, RunConfig run) throws IOException {
        if (!Files.exists(source)) {
            throw new ArchiveException(source + ": no such file or directory");
        }
        if (Files.isDirectory(source)) {
            return importDirectory(archive, source);
        }
        Genome genome = ConfigJson.readGenome(source);
        Entry entry = Entry.pending(genome, run, "import", List.of(), 0);
        return add(archive, entry, w -> null, null);
    }

    private static Imported importDirectory(Archive archive, Path dir) throws IOException {
        Path entryFile = dir.resolve("entry.json");
        if (!Files.isRegularFile(entryFile)) {
            throw new ArchiveException(dir + " is not an exported entry: it has no entry.json");
        }
        Entry entry = ArchiveJson.read(Files.readAllBytes(entryFile), Entry.class, entryFile.toString());
        String id = Entry.idOf(entry.genome(), entry.run());
        if (!id.equals(entry.id())) {
            throw new ArchiveException(entryFile + ": id " + entry.id() + " does not match its genome and run ("
                    + id + ")");
        }
        Thumbnails thumbs = null;
        Path ta = dir.resolve("thumb-a.png");
        Path tb = dir.resolve("thumb-b.png");
        if (Files.isRegularFile(ta) && Files.isRegularFile(tb)) {
            thumbs = new Thumbnails(Files.readAllBytes(ta), Files.readAllBytes(tb));
        }
        for (var file : entry.files().entrySet()) {
            Path p = dir.resolve(fileName(file.getKey(), file.getValue()));
            if (!Files.exists(p)) {
                throw new ArchiveException(dir + ": " + p.getFileName() + " is missing (the entry lists its "
                        + file.getKey() + ")");
            }
        }
        return add(archive, entry, w -> {
            Map<String, Blob> files = new LinkedHashMap<>();
            for (var file : entry.files().entrySet()) {
                Path p = dir.resolve(fileName(file.getKey(), file.getValue()));
                files.put(file.getKey(), file.getKey().equals(Entry.CHECKPOINT) ? w.storeDirectory(p)
                        : w.store(p, file.getValue().extension()));
            }
            return files;
        }, thumbs);
    }

    private static Imported add(Archive archive, Entry entry, java.util.function.Function<ArchiveWriter,
            Map<String, Blob>> blobs, Thumbnails thumbs) {
        return archive.write(w -> {
            var existing = archive.entry(entry.id());
            if (existing.isPresent()) {
                return new Imported(existing.get(), false);
            }
            Map<String, Blob> files = blobs.apply(w);
            Entry stored = files == null ? entry : new Entry(entry.id(), entry.genome(), entry.run(), entry.status(),
                    entry.statusReason(), entry.stability(), entry.novelty(), entry.descriptor(), entry.telemetry(),
                    entry.parents(), entry.generation(), entry.runId(), entry.created(), files);
            w.put(stored, thumbs);
            return new Imported(stored, true);
        });
    }
}
