package io.equilibria.evolve.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --archive PATH} option every command that reads or writes the archive takes. */
public final class ArchiveOption {
    @Option(names = "--archive", paramLabel = "PATH", defaultValue = "equilibria.db",
            description = "The archive file (default: ${DEFAULT-VALUE} in the working directory).")
    public Path path;
}
