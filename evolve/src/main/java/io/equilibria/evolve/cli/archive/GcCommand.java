package io.equilibria.evolve.cli.archive;

import io.equilibria.archive.Stats;
import io.equilibria.archive.store.Archive;
import io.equilibria.evolve.cli.ArchiveOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code equilibria archive gc}: removes blob files no entry references. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "Remove blob files that no entry references (left by stopped or failed writes).")
public final class GcCommand implements Callable<Integer> {
    @Mixin
    ArchiveOption archive;

    @Override
    public Integer call() throws Exception {
        try (Archive a = Archive.openExisting(archive.path, false)) {
            var collected = a.collectGarbage();
            System.out.printf(Locale.ROOT, "removed %,d unreferenced files (%s) from %s%n", collected.files(),
                    Stats.humanBytes(collected.bytes()), a.blobDir());
        }
        return 0;
    }
}
