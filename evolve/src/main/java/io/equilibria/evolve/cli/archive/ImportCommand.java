package io.equilibria.evolve.cli.archive;

import io.equilibria.archive.store.Archive;
import io.equilibria.archive.store.Transfer;
import io.equilibria.config.ConfigException;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import io.equilibria.evolve.cli.ArchiveOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code equilibria archive import}: genome files or exported entries into the archive. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Add a genome JSON file (as a pending entry, evaluated by a later search) or a",
            "directory written by `archive export`."})
public final class ImportCommand implements Callable<Integer> {
    @Mixin
    ArchiveOption archive;

    @Parameters(paramLabel = "FILE|DIR", description = "A genome JSON file or an exported entry directory.")
    Path source;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "cpu",
            description = "For a genome file: the preset whose resolution and budget it will be trained with"
                    + " (default: ${DEFAULT-VALUE}).")
    String preset;

    @Override
    public Integer call() throws Exception {
        RunConfig run = Preset.named(preset).run();
        if (!java.nio.file.Files.exists(source)) {
            throw new ConfigException("FILE|DIR", source + ": no such file or directory");
        }
        try (Archive a = Archive.open(archive.path)) {
            Transfer.Imported imported = Transfer.importPath(a, source, run);
            System.out.println((imported.added() ? "imported " : "already there: ")
                    + imported.entry().id() + " (" + imported.entry().status().jsonName() + ") into " + a.file());
        }
        return 0;
    }
}
