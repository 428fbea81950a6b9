package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.equilibria.config.Preset;
import org.junit.jupiter.api.Test;

/** Training on a GPU; skipped where PyTorch sees none (build with -Pcuda on a GPU server). */
class GpuTest {
    @Test
    void tinyTrainsOnTheFirstGpu() {
        assumeTrue(Engine.getEngine("PyTorch").getGpuCount() > 0, "no GPU visible to PyTorch");
        Device gpu = Devices.parse("gpu:0");
        try (Trainer t = new Trainer(Preset.TINY.genome(), Preset.TINY.run().withSteps(5).withIntervals(1, 0), gpu)) {
            TrainingResult r = t.train(TrainingListener.NONE, () -> false);
            assertEquals(Outcome.COMPLETED, r.outcome());
            assertEquals(5, r.trace().size());
            assertEquals("gpu:0", r.provenance().device());
        }
    }
}
