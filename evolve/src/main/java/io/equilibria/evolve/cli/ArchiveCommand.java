package io.equilibria.evolve.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Blob;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Query;
import io.equilibria.archive.Row;
import io.equilibria.archive.RowPage;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Stats;
import io.equilibria.archive.Status;
import io.equilibria.archive.store.Archive;
import io.equilibria.archive.store.Transfer;
import io.equilibria.config.ConfigException;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import io.equilibria.fitness.Score;
import io.equilibria.fitness.TelemetrySummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code equilibria archive}: look into the archive, move entries in and out, tidy it. */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = {"List, show, export and import archive entries; statistics; garbage collection.",
            "Read commands also work while a search owns the archive (they ask it)."},
        subcommands = {ArchiveCommand.List.class, ArchiveCommand.Show.class, ArchiveCommand.Export.class,
            ArchiveCommand.Import.class, ArchiveCommand.Rate.class, ArchiveCommand.Table.class, ArchiveCommand.StatsCommand.class,
            ArchiveCommand.Gc.class, ArchiveCommand.Rebuild.class})
public final class ArchiveCommand implements Runnable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "A table of entries, best first.")
    static final class List implements Callable<Integer> {
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
                    System.out.print(ArchiveJson.pretty(view.list(query)));
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

        static String table(java.util.List<Row> rows) {
            if (rows.isEmpty()) {
                return "";
            }
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-16s  %-10s %4s  %-20s %9s  %-9s  %-12s %s%n",
                    "ID", "STATUS", "GEN", "STABILITY", "NOVELTY", "RATING", "RUN", "CREATED"));
            for (Row r : rows) {
                String stability = Double.isNaN(r.stability()) ? "-"
                        : String.format(Locale.ROOT, "%.3f %s", r.stability(), abbreviate(r.verdict(), 14));
                String novelty = Double.isNaN(r.novelty()) ? "-" : String.format(Locale.ROOT, "%.4g", r.novelty());
                var rated = r.ratingSummary();
                out.append(String.format(Locale.ROOT, "%-16s  %-10s %4d  %-20s %9s  %-9s  %-12s %s%n", r.id(),
                        r.status().jsonName(), r.generation(), stability, novelty, rated == null ? "-" : rated.shortText(),
                        abbreviate(r.runId(), 12), TIME.format(r.created())));
            }
            return out.toString();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "An entry: genome, scores with reasons, lineage and files.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ArchiveOption archive;

        @Parameters(paramLabel = "ID", description = "The entry's id, or any unique prefix of it.")
        String id;

        @Option(names = "--json", description = "Print JSON: the entry, its children and its files' paths.")
        boolean json;

        @Override
        public Integer call() {
            try (ArchiveView view = Archive.read(archive.path)) {
                Entry e = view.resolve(id);
                java.util.List<String> children = view.children(e.id());
                if (json) {
                    ObjectNode node = ArchiveJson.mapper().valueToTree(e);
                    ArrayNode kids = node.putArray("children");
                    children.forEach(kids::add);
                    ObjectNode paths = node.putObject("paths");
                    e.files().forEach((role, blob) -> paths.put(role, view.blobPath(blob).toString()));
                    System.out.print(ArchiveJson.pretty(node));
                    return 0;
                }
                System.out.print(describe(e, children, view));
            }
            return 0;
        }

        public static String describe(Entry e, java.util.List<String> children, ArchiveView view) {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "entry %s  %s%s%n", e.id(), e.status().jsonName(),
                    e.statusReason().isEmpty() ? "" : ": " + e.statusReason()));
            out.append(String.format(Locale.ROOT, "run %s, generation %d, created %s%n", e.runId(), e.generation(),
                    TIME.format(e.created())));
            out.append(String.format(Locale.ROOT, "trained at %dpx for %s%n", e.run().resolution(),
                    e.run().budgetInSteps() ? e.run().steps() + " steps" : e.run().seconds() + " s"));
            out.append("parents   ").append(e.parents().isEmpty() ? "none" : String.join(", ", e.parents()))
                    .append('\n');
            out.append("children  ").append(children.isEmpty() ? "none" : String.join(", ", children)).append('\n');
            out.append("stability ").append(score(e.stability())).append('\n');
            if (e.rating() != null) {
                out.append("rating    ").append(describe(e.rating())).append('\n');
            }
            var preference = io.equilibria.archive.Preference.fit(io.equilibria.archive.Preference.ratedIn(view,
                    io.equilibria.fitness.Descriptor.NAMES), io.equilibria.fitness.Descriptor.NAMES);
            if (preference != null && !e.descriptor().isEmpty()) {
                out.append("preference ").append(preference.reason(io.equilibria.archive.Preference.vector(e.descriptor(),
                        io.equilibria.fitness.Descriptor.NAMES))).append('\n');
            }
            out.append("novelty   ").append(score(e.novelty())).append('\n');
            TelemetrySummary t = e.telemetry();
            if (t != null) {
                out.append(String.format(Locale.ROOT, "training  %s after %,d steps in %.1f s%s%n", t.outcome(),
                        t.steps(), t.seconds(), t.reason().isEmpty() ? "" : " (" + t.reason() + ")"));
                out.append(String.format(Locale.ROOT,
                        "          D loss %.4g; max grad norm A %.3g B %.3g D %.3g; variance A %.3g B %.3g;"
                                + " drift A %.3g B %.3g; embedding distance %.3g%n",
                        t.dLoss(), t.maxGradNormA(), t.maxGradNormB(), t.maxGradNormD(), t.varianceA(), t.varianceB(),
                        t.driftA(), t.driftB(), t.embedDistance()));
            }
            if (!e.descriptor().isEmpty()) {
                out.append("behaviour ");
                StringBuilder line = new StringBuilder();
                e.descriptor().forEach((k, v) -> line.append(line.isEmpty() ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.4g", k, v)));
                out.append(line).append('\n');
            }
            out.append("files").append(e.files().isEmpty() ? "     none\n" : "\n");
            for (Map.Entry<String, Blob> f : e.files().entrySet()) {
                out.append(String.format(Locale.ROOT, "  %-11s %8s  %s%n", f.getKey(), Stats.humanBytes(f.getValue().bytes()),
                        view.blobPath(f.getValue())));
            }
            out.append("genome\n").append(ConfigJson.toString(e.genome()).indent(2));
            return out.toString();
        }

        public static String describe(io.equilibria.archive.Rating r) {
            return r.words() + (r.note().isEmpty() ? "" : ": \"" + r.note() + "\"") + " (" + TIME.format(r.at()) + ")";
        }

        private static String score(Score s) {
            if (s == null) {
                return "not scored yet";
            }
            return String.format(Locale.ROOT, "%.4g%s%s", s.value(), s.verdict().isEmpty() ? "" : " " + s.verdict(),
                    s.reason().isEmpty() ? "" : ": " + s.reason());
        }
    }

    @Command(name = "rate", mixinStandardHelpOptions = true,
            description = {"Say what you think of a find: stars, favourite, rejected, a note. Stored in the archive",
                "(through a running search, which steers its next generations by it)."})
    static final class Rate implements Callable<Integer> {
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
                        : Show.describe(rated.rating())));
            }
            return 0;
        }
    }

    @Command(name = "table", mixinStandardHelpOptions = true,
            description = {"Every entry as one CSV row for notebooks (pandas, R): id, run, generation, parents, status,",
                "verdict, scores, budget, every descriptor feature, every gene (a.learningRate, ...), sheet and video",
                "paths. Oldest first."})
    static final class Table implements Callable<Integer> {
        @Mixin
        ArchiveOption archive;

        @Option(names = "--out", paramLabel = "FILE.csv", description = "Where to write it (default: standard output).")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (out != null) {
                String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!name.endsWith(".csv")) {
                    throw new ConfigException("--out", out + ": the table is written as CSV; name the file .csv"
                            + (name.endsWith(".parquet") ? " (Parquet is not written; pandas reads the CSV as fast here)"
                                    : ""));
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
                try (var writer = Files.newBufferedWriter(tmp)) {
                    rows = EntryTable.write(view, writer);
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

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write an entry's genome, sheets, telemetry and checkpoint into a directory.")
    static final class Export implements Callable<Integer> {
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

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Add a genome JSON file (as a pending entry, evaluated by a later search) or a",
                "directory written by `archive export`."})
    static final class Import implements Callable<Integer> {
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

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Counts by status and run; disk use.")
    static final class StatsCommand implements Callable<Integer> {
        @Mixin
        ArchiveOption archive;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (ArchiveView view = Archive.read(archive.path)) {
                Stats s = view.stats();
                if (json) {
                    System.out.print(ArchiveJson.pretty(s));
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

    @Command(name = "gc", mixinStandardHelpOptions = true,
            description = "Remove blob files that no entry references (left by stopped or failed writes).")
    static final class Gc implements Callable<Integer> {
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

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = {"Rebuild the MapDB file from the archive's journal (what opening does after a crash).",
                "For an archive MapDB cannot read; entries, runs and thumbnails come back as last committed."})
    static final class Rebuild implements Callable<Integer> {
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

    static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
