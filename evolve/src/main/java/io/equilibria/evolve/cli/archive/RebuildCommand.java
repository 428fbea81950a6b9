package io.equilibria.evolve.cli.archive;

import io.equilibria.archive.store.Archive;
import io.equilibria.evolve.cli.ArchiveOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code equilibria archive rebuild}: rebuilds the MapDB file from the journal. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Rebuild the MapDB file from the archive's journal (what opening does after a crash).",
            "For an archive MapDB cannot read; entries, runs and thumbnails come back as last committed."})
public final class RebuildCommand implements Callable<Integer> {
    @Mixin
    ArchiveOption archive;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        int records = Archive.rebuild(archive.path);
        try (Archive a = Archive.openExisting(archive.path, false)) {
            System.out.printf(Locale.ROOT, "rebuilt %s from %,d journal records in %.1f s: %,d entries, %,d runs%n",
                    archive.path, records, (System.nanoTime() - started) / 1e9, a.ids().size(), a.runs().size());
        }
        return 0;
    }
}
