package io.equilibria.evolve.cli.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Blob;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Stats;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Json;
import io.equilibria.evolve.cli.ArchiveOption;
import io.equilibria.fitness.Score;
import io.equilibria.fitness.TelemetrySummary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code equilibria archive show}: one entry in full: scores, lineage, files, telemetry summary. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "An entry: genome, scores with reasons, lineage and files.")
public final class ShowCommand implements Callable<Integer> {
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
                ObjectNode node = Json.mapper().valueToTree(e);
                ArrayNode kids = node.putArray("children");
                children.forEach(kids::add);
                ObjectNode paths = node.putObject("paths");
                e.files().forEach((role, blob) -> paths.put(role, view.blobPath(blob).toString()));
                System.out.print(Json.pretty(node));
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
                ArchiveCommand.TIME.format(e.created())));
        out.append(String.format(Locale.ROOT, "trained at %dpx for %s%n", e.run().resolution(),
                e.run().budget()));
        out.append("parents   ").append(e.parents().isEmpty() ? "none" : String.join(", ", e.parents()))
                .append('\n');
        out.append("children  ").append(children.isEmpty() ? "none" : String.join(", ", children)).append('\n');
        out.append("stability ").append(score(e.stability())).append('\n');
        if (e.rating() != null) {
            out.append("rating    ").append(describe(e.rating())).append('\n');
        }
        var preference = io.equilibria.archive.Preference.fit(view, io.equilibria.fitness.Descriptor.NAMES);
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
        return r.words() + (r.note().isEmpty() ? "" : ": \"" + r.note() + "\"") + " (" + ArchiveCommand.TIME.format(r.at()) + ")";
    }

    private static String score(Score s) {
        if (s == null) {
            return "not scored yet";
        }
        return String.format(Locale.ROOT, "%.4g%s%s", s.value(), s.verdict().isEmpty() ? "" : " " + s.verdict(),
                s.reason().isEmpty() ? "" : ": " + s.reason());
    }
}
