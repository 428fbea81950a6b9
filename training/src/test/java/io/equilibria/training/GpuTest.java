package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
        // closed, the trainer handed its cached blocks back: the card is as free as before (within 64 MB)
        long freeBefore = free(gpu);
        try (Trainer t = new Trainer(Preset.TINY.genome(), Preset.TINY.run().withSteps(5).withIntervals(1, 0), gpu)) {
            t.train(TrainingListener.NONE, () -> false);
        }
        assertTrue(free(gpu) > freeBefore - (64L << 20), "the CUDA cache was not emptied");
    }

    private static long free(Device gpu) {
        java.lang.management.MemoryUsage m = ai.djl.util.cuda.CudaUtils.getGpuMemory(gpu);
        return m.getMax() - m.getCommitted();
    }
}
