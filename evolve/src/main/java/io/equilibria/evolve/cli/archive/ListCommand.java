package io.equilibria.evolve.cli.archive;

import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Query;
import io.equilibria.archive.Row;
import io.equilibria.archive.RowPage;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.ConfigException;
import io.equilibria.config.Json;
import io.equilibria.evolve.cli.ArchiveOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code equilibria archive list}: lists entries as a table, best first (or as JSON). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "A table of entries, best first.")
public final class ListCommand implements Callable<Integer> {
    @Mixin
    ArchiveOption archive;

    @Option(names = "--sort", paramLabel = "KEY", defaultValue = "score",
            description = {"score (living finds first, by stability and novelty), novelty, stability,",
                "generation, created or rating (default: ${DEFAULT-VALUE}; highest/latest first)."})
    String sort;

    @Option(names = "--ascending", description = "Lowest/earliest first.")
    boolean ascending;

    @Option(names = "--status", paramLabel = "S", description = "Only entries with this status.")
    String status;

    @Option(names = "--run", paramLabel = "NAME", description = "Only entries of this run.")
    String run;

    @Option(names = "--verdict", paramLabel = "V", description = "Only entries judged V: alive, exploded, flat, "
            + "collapsed, static, noise or blocky.")
    String verdict;

    @Option(names = "--rating", paramLabel = "R", description = "Only entries rated so: rated, unrated, favourite,"
            + " rejected, 1+ ... 4+ (at least that many stars), 5.")
    String rating;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N entries (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the first N entries.")
    int offset;

    @Option(names = "--json", description = "Print JSON: {total, entries}.")
    boolean json;

    @Override
    public Integer call() {
        Sort order = Sort.parse(sort);
        if (order == null) {
            throw new ConfigException("--sort", "\"" + sort + "\" is not one of " + Sort.names());
        }
        Status only = null;
        if (status != null) {
            only = Status.parse(status);
            if (only == null) {
                throw new ConfigException("--status", "\"" + status + "\" is not one of " + Status.names());
            }
        }
        if (verdict != null && !Entry.VERDICTS.contains(verdict)) {
            throw new ConfigException("--verdict", "\"" + verdict + "\" is not one of "
                    + String.join(", ", Entry.VERDICTS));
        }
        if (rating != null && !io.equilibria.archive.Rating.FILTERS.contains(rating)) {
            throw new ConfigException("--rating", "\"" + rating + "\" is not one of "
                    + String.join(", ", io.equilibria.archive.Rating.FILTERS));
        }
        if (limit < 1) {
            throw new ConfigException("--limit", "must be at least 1");
        }
        if (offset < 0) {
            throw new ConfigException("--offset", "must not be negative");
        }
        try (ArchiveView view = Archive.read(archive.path)) {
            Query query = new Query(order, ascending, only, run, verdict, offset, limit, rating);
            if (json) {
                System.out.print(Json.pretty(view.list(query)));
                return 0;
            }
            RowPage page = view.rows(query);
            System.out.print(table(page.rows()));
            System.out.printf(Locale.ROOT, "%s of %,d entries, by %s%s%n", shown(page.rows().size(), offset),
                    page.total(), order.jsonName(), page.total() > offset + page.rows().size()
                            ? " (--offset " + (offset + page.rows().size()) + " for more)" : "");
        }
        return 0;
    }

    private static String shown(int rows, int offset) {
        return rows == 0 ? "none" : String.format(Locale.ROOT, "%,d-%,d", offset + 1, offset + rows);
    }

    public static String table(java.util.List<Row> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-16s  %-10s %4s  %-20s %9s  %-9s  %-12s %s%n",
                "ID", "STATUS", "GEN", "STABILITY", "NOVELTY", "RATING", "RUN", "CREATED"));
        for (Row r : rows) {
            String stability = Double.isNaN(r.stability()) ? "-"
                    : String.format(Locale.ROOT, "%.3f %s", r.stability(), ArchiveCommand.abbreviate(r.verdict(), 14));
            String novelty = Double.isNaN(r.novelty()) ? "-" : String.format(Locale.ROOT, "%.4g", r.novelty());
            var rated = r.ratingSummary();
            out.append(String.format(Locale.ROOT, "%-16s  %-10s %4d  %-20s %9s  %-9s  %-12s %s%n", r.id(),
                    r.status().jsonName(), r.generation(), stability, novelty, rated == null ? "-" : rated.shortText(),
                    ArchiveCommand.abbreviate(r.runId(), 12), ArchiveCommand.TIME.format(r.created())));
        }
        return out.toString();
    }
}
