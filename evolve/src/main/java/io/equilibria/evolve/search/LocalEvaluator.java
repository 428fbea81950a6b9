package io.equilibria.evolve.search;

import ai.djl.Device;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import io.equilibria.evolve.run.TempDirs;
import io.equilibria.evolve.run.Zips;
import io.equilibria.fitness.Evaluation;
import io.equilibria.fitness.Stability;
import io.equilibria.training.Devices;
import io.equilibria.training.NativeMemory;
import io.equilibria.training.Telemetry;
import io.equilibria.training.Trainer;
import io.equilibria.training.TrainingListener;
import io.equilibria.training.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Trains individuals in this process on one device: the search's own evaluator (on a CPU several
 * at once, each on its share of the cores: see {@link CpuConcurrency}), and what a worker runs for
 * every task it gets.
 */
public final class LocalEvaluator implements Evaluator {
    private final Device device;
    private final String worker;
    private final boolean checkpoints;
    private final int atOnce;
    private final int threadsEach;

    /**
     * Trains on {@code device}, one individual at a time (on a CPU on {@link
     * Devices#configuredCpuThreads()});
     * {@code checkpoints}: the evaluations carry the trained checkpoint.
     */
    public LocalEvaluator(Device device, String worker, boolean checkpoints) {
        this(device, worker, checkpoints, 1, 0);
    }

    public LocalEvaluator(Device device) {
        this(device, Devices.name(device), false);
    }

    /**
     * Trains up to {@code atOnce} individuals side by side, each computing on {@code threadsEach}
     * libtorch threads (0: {@link Devices#configuredCpuThreads()}).
     */
    LocalEvaluator(Device device, String worker, boolean checkpoints, int atOnce, int threadsEach) {
        if (atOnce < 1 || threadsEach < 0) {
            throw new IllegalArgumentException("at once " + atOnce + ", threads " + threadsEach);
        }
        this.device = device;
        this.worker = worker;
        this.checkpoints = checkpoints;
        this.atOnce = atOnce;
        this.threadsEach = threadsEach;
    }

    /** A CPU evaluator that trains as {@code choice} says. */
    public static LocalEvaluator onCpu(CpuConcurrency.Choice choice, boolean checkpoints) {
        return new LocalEvaluator(Device.cpu(), "cpu", checkpoints, choice.atOnce(), choice.threadsEach());
    }

    @Override
    public int concurrency() {
        return atOnce;
    }

    @Override
    public String device() {
        return Devices.name(device);
    }

    @Override
    public Evaluation evaluate(Genome genome, RunConfig run, BooleanSupplier stop) {
        if (!device.isGpu()) {
            // Set on every training's own thread: a pool thread would otherwise start from whatever
            // count another thread set last (see Devices.useCpuThreads).
            Devices.useCpuThreads(threadsEach > 0 ? threadsEach : Devices.configuredCpuThreads());
        }
        try (Trainer trainer = new Trainer(genome, run, device)) {
            List<Telemetry> rows = new ArrayList<>();
            boolean[] exploded = {false};
            TrainingListener watch = new TrainingListener() {
                @Override
                public void onTelemetry(Telemetry row) {
                    rows.add(row);
                    exploded[0] |= Stability.explosion(rows) != null;
                }
            };
            // An explosion ends the training early: the rest of its budget goes to the next individual.
            TrainingResult result = trainer.train(watch, () -> exploded[0] || stop.getAsBoolean());
            Evaluation evaluation = Evaluation.of(result, worker);
            return checkpoints ? evaluation.withCheckpoint(checkpoint(trainer)) : evaluation;
        } finally {
            NativeMemory.trim(); // the next individual's model has other shapes: keep resident memory flat
        }
    }

    private static byte[] checkpoint(Trainer trainer) {
        Path dir = TempDirs.create("checkpoint");
        try {
            trainer.saveCheckpoint(dir);
            return Zips.zip(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the checkpoint", e);
        } finally {
            TempDirs.delete(dir);
        }
    }

    @Override
    public void close() {
        // nothing held between individuals: each trainer closes its own native memory
    }
}
