package io.equilibria.evolve.cli.archive;

import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Entry;
import io.equilibria.archive.store.Archive;
import io.equilibria.archive.store.Transfer;
import io.equilibria.evolve.cli.ArchiveOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code equilibria archive export}: an entry out of the archive as plain files. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write an entry's genome, sheets, telemetry and checkpoint into a directory.")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    ArchiveOption archive;

    @Parameters(paramLabel = "ID", description = "The entry's id, or any unique prefix of it.")
    String id;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "A new (or empty) directory.")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (ArchiveView view = Archive.read(archive.path)) {
            Entry e = view.resolve(id);
            java.util.List<Path> files = Transfer.export(view, e, out);
            System.out.printf(Locale.ROOT, "exported %s into %s: %s%n", e.id(), out, String.join(", ",
                    files.stream().map(p -> p.getFileName().toString()).toList()));
        }
        return 0;
    }
}
