package io.equilibria.evolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import io.equilibria.config.Preset;
import io.equilibria.training.Trainer;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {
    @Test
    void theEstimateCountsEveryWeightTheNetworksHave() {
        for (Preset p : Preset.values()) {
            int resolution = Math.min(64, p.run().resolution());
            try (Trainer t = new Trainer(p.genome(), p.run().withResolution(resolution), Device.cpu())) {
                assertEquals(t.parameterCount(), MemoryEstimate.weights(p.genome(), resolution),
                        p.jsonName() + " at " + resolution + "px");
            }
        }
    }

    @Test
    void workersOnOneDeviceShareItsCapacity() {
        long one = MemoryEstimate.capacity(Device.cpu());
        assertEquals(one, MemoryEstimate.perWorker(java.util.List.of("cpu")));
        assertEquals(one / 2, MemoryEstimate.perWorker(java.util.List.of("cpu", "cpu")));
        assertEquals(one / 4, MemoryEstimate.perWorker(java.util.List.of("cpu", "cpu", "cpu", "cpu")));
    }
}
