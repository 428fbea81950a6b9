package io.equilibria.evolve;

import ai.djl.Device;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Trains individuals in this process, one after another, on one device: the search's own
 * evaluator on one device, and what a worker runs for every task it gets.
 */
public final class LocalEvaluator implements Evaluator {
    /**
     * DJL's PyTorch engine allows one gradient collector per JVM: trainings in one process take
     * turns, whoever starts them (a test may run several cluster members in one JVM).
     */
    private static final ReentrantLock ONE_PER_JVM = new ReentrantLock(true);

    private final Device device;
    private final String worker;
    private final boolean checkpoints;

    /** Trains on {@code device}; {@code checkpoints}: the evaluations carry the trained checkpoint. */
    public LocalEvaluator(Device device, String worker, boolean checkpoints) {
        this.device = device;
        this.worker = worker;
        this.checkpoints = checkpoints;
    }

    public LocalEvaluator(Device device) {
        this(device, Devices.name(device), false);
    }

    @Override
    public String device() {
        return Devices.name(device);
    }

    @Override
    public Evaluation evaluate(Genome genome, RunConfig run, BooleanSupplier stop) {
        ONE_PER_JVM.lock();
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
            ONE_PER_JVM.unlock();
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
