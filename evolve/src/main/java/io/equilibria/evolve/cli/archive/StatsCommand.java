package io.equilibria.evolve.cli.archive;

import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Stats;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.Json;
import io.equilibria.evolve.cli.ArchiveOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code equilibria archive stats}: counts by status and run, and disk use. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Counts by status and run; disk use.")
public final class StatsCommand implements Callable<Integer> {
    @Mixin
    ArchiveOption archive;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (ArchiveView view = Archive.read(archive.path)) {
            Stats s = view.stats();
            if (json) {
                System.out.print(Json.pretty(s));
                return 0;
            }
            System.out.printf(Locale.ROOT, "archive %s (schema %d): %,d entries, %,d runs%n", view.file(),
                    s.schema(), s.entries(), s.runs());
            System.out.println("by status  " + counts(s.byStatus()));
            System.out.println("by run     " + (s.byRun().isEmpty() ? "none" : counts(s.byRun())));
            System.out.printf(Locale.ROOT, "disk       archive file %s, blobs %s in %,d files%s%n",
                    Stats.humanBytes(s.fileBytes()), Stats.humanBytes(s.blobBytes()), s.blobs(), s.unreferencedBytes() > 0
                            ? ", unreferenced " + Stats.humanBytes(s.unreferencedBytes()) + " (`archive gc` removes them)"
                            : "");
        }
        return 0;
    }

    private static String counts(Map<String, Integer> counts) {
        StringBuilder out = new StringBuilder();
        counts.forEach((k, v) -> out.append(out.isEmpty() ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%,d", v)));
        return out.toString();
    }
}
