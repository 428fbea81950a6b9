package io.equilibria.evolve.cli.archive;

import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Entry;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.ConfigException;
import io.equilibria.evolve.cli.ArchiveOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code equilibria archive rate}: the artist's rating of an entry, through the owner when a search runs. */
@Command(name = "rate", mixinStandardHelpOptions = true,
        description = {"Say what you think of a find: stars, favourite, rejected, a note. Stored in the archive",
            "(through a running search, which steers its next generations by it)."})
public final class RateCommand implements Callable<Integer> {
    @Mixin
    ArchiveOption archive;

    @Parameters(paramLabel = "ID", description = "The entry's id, or any unique prefix of it.")
    String id;

    @Option(names = "--stars", paramLabel = "N", description = "1 to 5 (lifts a rejection).")
    Integer stars;

    @Option(names = "--favourite", description = "Mark it a favourite (lifts a rejection).")
    boolean favourite;

    @Option(names = "--reject", description = "Reject it: not wanted, nor things like it (drops stars and favourite).")
    boolean reject;

    @Option(names = "--unfavourite", description = "No longer a favourite.")
    boolean unfavourite;

    @Option(names = "--note", paramLabel = "TEXT", description = "A note kept with the rating.")
    String note;

    @Option(names = "--clear", description = "Remove the rating.")
    boolean clear;

    @Override
    public Integer call() {
        if (stars != null && (stars < 1 || stars > 5)) {
            throw new ConfigException("--stars", stars + " is not between 1 and 5");
        }
        if (favourite && reject) {
            throw new ConfigException("--favourite", "give --favourite or --reject, not both");
        }
        if (clear && (stars != null || favourite || reject || unfavourite || note != null)) {
            throw new ConfigException("--clear", "removes the rating: give it alone");
        }
        if (!clear && stars == null && !favourite && !reject && !unfavourite && note == null) {
            throw new ConfigException("--stars", "missing: give --stars N, --favourite, --reject, --note TEXT or --clear");
        }
        var change = new io.equilibria.archive.Rating.Change(stars,
                favourite ? Boolean.TRUE : unfavourite ? Boolean.FALSE : null, reject ? Boolean.TRUE : null, note,
                clear);
        try (ArchiveView view = Archive.read(archive.path)) {
            Entry e = view.resolve(id);
            Entry rated = view.rate(e.id(), change);
            System.out.println(rated.id() + " " + (rated.rating() == null ? "not rated"
                    : ShowCommand.describe(rated.rating())));
        }
        return 0;
    }
}
