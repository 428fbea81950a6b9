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
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Trains individuals in this process, one after another, on one device. */
final class LocalEvaluator implements Evaluator {
    private final Device device;

    LocalEvaluator(Device device) {
        this.device = device;
    }

    @Override
    public String device() {
        return Devices.name(device);
    }

    @Override
    public TrainingResult evaluate(Genome genome, RunConfig run, BooleanSupplier stop) {
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
            return trainer.train(watch, () -> exploded[0] || stop.getAsBoolean());
        } finally {
            NativeMemory.trim(); // the next individual's model has other shapes: keep resident memory flat
        }
    }

    @Override
    public void close() {
        // nothing held between individuals: each trainer closes its own native memory
    }
}
