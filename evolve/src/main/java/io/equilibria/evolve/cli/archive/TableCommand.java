package io.equilibria.evolve.cli.archive;

import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.ConfigException;
import io.equilibria.evolve.cli.ArchiveOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code equilibria archive table}: one row per entry, every score, descriptor feature and gene, for notebooks. */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = {"Every entry as one CSV row for notebooks (pandas, R): id, run, generation, parents, status,",
            "verdict, scores, budget, every descriptor feature, every gene (a.learningRate, ...), sheet and video",
            "paths. Oldest first."})
public final class TableCommand implements Callable<Integer> {
    @Mixin
    ArchiveOption archive;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Where to write it (default: standard output).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out != null) {
            String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".csv")) {
                throw new ConfigException("--out", out + ": the table is written as CSV; name the file .csv"
                        + (name.endsWith(".parquet") ? " (Parquet is not written; pandas reads the CSV as fast here)"
                                : ""));
            }
            if (out.toAbsolutePath().getParent() != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
                throw new ConfigException("--out", "no directory " + out.toAbsolutePath().getParent());
            }
        }
        try (ArchiveView view = Archive.read(archive.path)) {
            if (out == null) {
                var writer = new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8);
                EntryTable.write(view, writer);
                writer.flush();
                return 0;
            }
            Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp");
            int rows;
            try (var writer = Files.newBufferedWriter(tmp)) {
                rows = EntryTable.write(view, writer);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            System.err.printf(Locale.ROOT, "%d entries, %d columns -> %s%n", rows, EntryTable.columns().size(), out);
        }
        return 0;
    }
}
