package io.equilibria.evolve.cli.archive;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code equilibria archive}: look into the archive, move entries in and out, tidy it. */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = {"List, show, export and import archive entries; statistics; garbage collection.",
            "Read commands also work while a search owns the archive (they ask it)."},
        subcommands = {ListCommand.class, ShowCommand.class, ExportCommand.class, ImportCommand.class, RateCommand.class, TableCommand.class, StatsCommand.class, GcCommand.class, RebuildCommand.class})
public final class ArchiveCommand implements Runnable {
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code s} cut to {@code width} characters, an ellipsis marking the cut. */
    public static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
