package io.equilibria.evolve.run;

import ai.djl.Device;
import io.equilibria.config.Budget;
import io.equilibria.config.ConfigException;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import io.equilibria.fitness.Judgement;
import io.equilibria.fitness.Stability;
import io.equilibria.training.Checkpoint;
import io.equilibria.training.Outcome;
import io.equilibria.training.Phase;
import io.equilibria.training.ProbeImages;
import io.equilibria.training.SampleSheet;
import io.equilibria.training.StepStats;
import io.equilibria.training.Telemetry;
import io.equilibria.training.TelemetryCsv;
import io.equilibria.training.Trainer;
import io.equilibria.training.TrainingListener;
import io.equilibria.training.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * One training of one genome into an output directory, resumable:
 *
 * <pre>
 * DIR/genome.json        the genome
 * DIR/run.json           resolution, budget, intervals
 * DIR/telemetry.csv      the trace
 * DIR/samples/step-N.png sample sheets (A left, B right) at intervals
 * DIR/final.png          the sheet at the end
 * DIR/checkpoint/        networks, optimisers, step, trace (at every sample interval and at the end)
 * DIR/result.json        how it ended (outcome, verdict, stability and their reasons), with provenance
 * </pre>
 */
public final class TrainJob {
    private final Path out;
    private final java.util.function.Function<TrainingResult, Stability.Horizon> horizon;
    private Judgement verdict;

    /** A training judged as a search's individual: runaways projected to a promotion of it. */
    public TrainJob(Path out) {
        this(out, r -> Stability.Horizon.of(r.genome(), Stability.promotion(r.run().budget()
                .stepsOr(r.steps()))));
    }

    /** A training judged with runaways projected to {@code horizon} of its result. */
    public TrainJob(Path out, java.util.function.Function<TrainingResult, Stability.Horizon> horizon) {
        this.out = out;
        this.horizon = horizon;
    }

    /** The verdict of the last {@link #run}, as written into result.json. */
    public Judgement verdict() {
        return verdict;
    }

    public Path checkpointDir() {
        return out.resolve("checkpoint");
    }

    /** Refuses to start over a directory that already holds a training. */
    private void checkFresh() {
        if (Checkpoint.exists(checkpointDir())) {
            throw new ConfigException("--out", out + " already holds a training; continue it with --resume "
                    + out + " or choose another --out");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new ConfigException("--out", out + " is a file, not a directory");
        }
    }

    /** Starts a new training. */
    public Trainer start(Genome genome, RunConfig run, Device device) throws IOException {
        checkFresh();
        Files.createDirectories(out.resolve("samples"));
        ConfigJson.write(out.resolve("genome.json"), genome);
        ConfigJson.write(out.resolve("run.json"), run);
        TelemetryCsv.write(out.resolve("telemetry.csv"), java.util.List.of());
        return new Trainer(genome, run, device);
    }

    /** Continues the training in this directory, with {@code run} as its (possibly longer) budget. */
    public Trainer resume(RunConfig run, Device device) throws IOException {
        Trainer trainer = Trainer.resume(checkpointDir(), device, run);
        ConfigJson.write(out.resolve("run.json"), run);
        // Rows written after the checkpoint are dropped: the resumed run writes them again.
        TelemetryCsv.write(out.resolve("telemetry.csv"), trainer.trace());
        return trainer;
    }

    /** Trains to the end of the budget (or a stop), writing everything above as it goes. */
    public TrainingResult run(Trainer trainer, Progress progress, BooleanSupplier stop) throws IOException {
        return run(trainer, progress, stop, step -> {});
    }

    /** Likewise, telling {@code checkpointed} the step of every checkpoint written along the way. */
    public TrainingResult run(Trainer trainer, Progress progress, BooleanSupplier stop,
            java.util.function.LongConsumer checkpointed) throws IOException {
        RunConfig run = trainer.run();
        Genome genome = trainer.genome();
        TrainingListener listener = new TrainingListener() {
            private final long startStep = trainer.step();
            private final long started = System.nanoTime();

            @Override
            public void onStep(long step, StepStats s, Phase phase) {
                double seconds = (System.nanoTime() - started) / 1e9;
                String status = String.format(Locale.ROOT, "%dpx %.2f step/s | D %.3f A %.3f B %.3f",
                        phase.resolution(), (step - startStep) / Math.max(seconds, 1e-9), s.dLoss(),
                        s.aTotal(genome.a()), s.bTotal(genome.b()));
                progress.update(run.budget() instanceof Budget.Seconds b ? (long) Math.min(b.seconds(), trainer.seconds()) : step,
                        status);
            }

            @Override
            public void onTelemetry(Telemetry row) {
                unchecked(() -> TelemetryCsv.append(out.resolve("telemetry.csv"), row));
            }

            @Override
            public void onSample(long step, ProbeImages samples) {
                unchecked(() -> {
                    SampleSheet.write(samples, out.resolve("samples").resolve(String.format("step-%07d.png", step)));
                    trainer.saveCheckpoint(checkpointDir());
                });
                checkpointed.accept(step);
            }
        };
        TrainingResult result = trainer.train(listener, stop);
        trainer.saveCheckpoint(checkpointDir());
        SampleSheet.write(result.samples(), out.resolve("final.png"));
        verdict = Stability.judge(result.trace(), result.outcome(), result.reason(), result.samples(),
                horizon.apply(result));
        writeResult(result, verdict);
        return result;
    }

    private void writeResult(TrainingResult r, Judgement verdict) throws IOException {
        var node = ConfigJson.mapper().createObjectNode();
        node.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
        node.put("reason", r.reason());
        node.put("verdict", verdict.verdict().jsonName());
        node.put("stability", verdict.score());
        node.put("verdictReason", verdict.reason());
        node.put("steps", r.steps());
        node.put("seconds", r.seconds());
        node.set("provenance", ConfigJson.mapper().valueToTree(r.provenance()));
        Path tmp = out.resolve("result.json.tmp");
        Files.writeString(tmp, io.equilibria.config.Json.pretty(node));
        Files.move(tmp, out.resolve("result.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The verdict of a training, for the terminal. */
    public static String verdictLine(Judgement j) {
        return String.format(Locale.ROOT, "verdict: %s (stability %.3f): %s", j.verdict().jsonName(), j.score(),
                j.reason());
    }

    /** One line for the terminal. */
    public static String summary(TrainingResult r, Path out) {
        String how = switch (r.outcome()) {
            case COMPLETED -> "done";
            case NON_FINITE -> "ended early: " + r.reason();
            case STOPPED -> "stopped; continue with: equilibria train --resume " + out;
        };
        return String.format(Locale.ROOT, "%s after %d steps in %.1f s on %s -> %s", how, r.steps(), r.seconds(),
                r.provenance().device(), out.resolve(r.outcome() == Outcome.STOPPED ? "checkpoint" : "final.png"));
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void unchecked(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
