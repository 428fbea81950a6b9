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
        description = {"Every entry as one row for notebooks (pandas, R), as CSV or Parquet: id, run, generation, parents, status,",
            "verdict, scores, budget, every descriptor feature, every gene (a.learningRate, ...), sheet and video",
            "paths. Oldest first."})
public final class TableCommand implements Callable<Integer> {
    @Mixin
    ArchiveOption archive;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it: FILE.csv, or FILE.parquet (typed"
            + " columns; pandas.read_parquet) (default: CSV on standard output).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out != null) {
            String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".csv") && !name.endsWith(".parquet")) {
                throw new ConfigException("--out", out + ": name the file .csv or .parquet");
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
            Files.deleteIfExists(tmp); // a stopped earlier write's; Parquet writes only a new file
            try {
                if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
                    rows = ParquetTable.write(view, tmp);
                } else {
                    try (var writer = Files.newBufferedWriter(tmp)) {
                        rows = EntryTable.write(view, writer);
                    }
                }
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
