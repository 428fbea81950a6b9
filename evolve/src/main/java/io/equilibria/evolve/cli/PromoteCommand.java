package io.equilibria.evolve.cli;

import io.equilibria.archive.Query;
import io.equilibria.archive.Row;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.ConfigException;
import io.equilibria.evolve.promote.Promotion;
import io.equilibria.evolve.run.Progress;
import io.equilibria.evolve.run.StopSignal;
import io.equilibria.training.Devices;
import io.equilibria.training.video.RenderSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code equilibria promote}: a find's full training from scratch, then its video. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Train a find from scratch for the full budget, then render its video piece.",
            "Stopped or killed, the same command continues from the last checkpoint. --queue runs every",
            "entry promoted in the browser."})
public final class PromoteCommand implements Callable<Integer> {
    @Mixin
    ArchiveOption archive;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "The entry (any unique prefix of its id).")
    String id;

    @Option(names = "--queue", description = "Run every promoted entry (and continue unfinished ones), oldest first.")
    boolean queue;

    @ArgGroup(exclusive = true)
    BudgetOption budget = new BudgetOption();

    static final class BudgetOption {
        @Option(names = "--steps", paramLabel = "N", description = "Training steps (default: "
                + Promotion.BUDGET_FACTOR + " times the search's budget).")
        Integer steps;

        @Option(names = "--seconds", paramLabel = "S", description = "Training time in seconds instead.")
        Double seconds;
    }

    @Option(names = "--resolution", paramLabel = "R", description = "Final resolution, grown progressively (default: the search's).")
    Integer resolution;

    @Option(names = "--device", paramLabel = "D", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Mixin
    VideoOptions video;

    @Option(names = "--video-seconds", paramLabel = "S", defaultValue = VideoOptions.DEFAULT_SECONDS,
            description = "Length of the video loop in seconds (default: ${DEFAULT-VALUE}).")
    double videoSeconds;

    @Override
    public Integer call() throws Exception {
        if ((id == null) == !queue) {
            throw new ConfigException("ID", queue ? "give an entry id or --queue, not both"
                    : "missing: which entry? (or --queue for every promoted entry)");
        }
        RenderSettings settings = video.settings(videoSeconds, 0); // checked before anything is trained
        int threads = video.threads();
        Promotion.Request b = new Promotion.Request(budget.steps, budget.seconds, resolution);
        b.check();
        ai.djl.Device dev = Devices.parse(device);
        // A promotion needs an entry: an archive that does not exist is refused, not created.
        try (StopSignal stop = new StopSignal("a checkpoint is being saved; the same command continues");
                Archive store = Archive.openExisting(archive.path, true)) {
            Promotion promotion = new Promotion(store, dev, threads, System.err::println);
            List<String> ids = queue ? queued(store) : List.of(id);
            if (queue) {
                System.out.println(ids.isEmpty() ? "the queue is empty: promote entries in the browser"
                        + " (equilibria browse) or with equilibria promote ID" : ids.size() + " entries in the queue");
            }
            for (String one : ids) {
                if (stop.requested()) {
                    break;
                }
                RenderSettings forEntry = video.seed == null
                        ? video.settings(videoSeconds, store.resolve(one).genome().seed()) : settings;
                Promotion.Done done = promotion.run(one, b, forEntry, Progress::create, stop::requested);
                System.out.println(done.stopped()
                        ? "stopped " + done.entry().id() + " at step " + done.endStep() + "; run the same command to continue"
                        : done.entry().id() + " " + done.entry().status().jsonName() + (done.entry().statusReason().isEmpty()
                                ? "" : ": " + done.entry().statusReason()));
                if (done.stopped()) {
                    break;
                }
            }
        }
        return 0;
    }

    /** Entries waiting or unfinished: promoted, training, rendering; oldest first. */
    static List<String> queued(Archive store) {
        List<String> ids = new ArrayList<>();
        for (Status s : List.of(Status.TRAINING, Status.RENDERING, Status.PROMOTED)) {
            for (Row r : store.rows(new Query(Sort.CREATED, true, s, null, 0, Integer.MAX_VALUE)).rows()) {
                ids.add(r.id());
            }
        }
        return ids;
    }
}
