package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import org.junit.jupiter.api.Test;

class StepCallsTest {
    /**
     * Native calls of one bench64 step before latents and noise moved onto the device, scalars were
     * made once and each network's parameters became one flat array (commit 9938274, counted the
     * same way).
     */
    private static final long BENCH64_CALLS_BEFORE = 3253;

    private static StepCalls secondStep(Preset preset) {
        RunConfig run = preset.run().withSteps(2).withIntervals(1_000_000, 0);
        try (Trainer trainer = new Trainer(preset.genome(), run, Device.cpu())) {
            trainer.trainStep();
            trainer.trainStep();
            return trainer.lastStepCalls();
        }
    }

    @Test
    void aStepReadsBackTwiceAndMakesAtMostHalfTheNativeCallsItUsedTo() {
        StepCalls bench64 = secondStep(Preset.BENCH64);
        assertEquals(2, bench64.hostTransfers(), "D's check before its update, then the step's statistics");
        assertTrue(bench64.nativeCalls() <= BENCH64_CALLS_BEFORE / 2, bench64.toString());
        for (Preset p : new Preset[] {Preset.CPU, Preset.SERIES1}) {
            assertEquals(2, secondStep(p).hostTransfers(), p.toString());
        }
    }
}
