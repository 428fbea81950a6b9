package io.equilibria.evolve.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import io.equilibria.config.Preset;
import io.equilibria.evolve.cluster.JavaProcess;
import io.equilibria.training.NativeMemory;
import io.equilibria.training.Trainer;
import org.junit.jupiter.api.Test;

public class MemoryEstimateTest {
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

    /**
     * The estimate against what a real training takes: the peak resident memory a few steps at the
     * full resolution add to a fresh process (the kernel's high-water mark, reset after the engine
     * loaded), one process per preset, since memory an earlier training freed is reused without
     * showing in the peak. The tiny preset is left out: there the process's fixed costs (libtorch's
     * first allocations of each shape) are larger than the training.
     */
    @Test
    void theEstimateIsWithinAFactorOf1_5OfAMeasuredPeak() throws Exception {
        assumeTrue(NativeMemory.resetPeak(), "no resettable peak of resident memory here (Linux has one)");
        for (Preset p : java.util.List.of(Preset.CPU, Preset.SERIES1, Preset.BENCH64)) {
            Process child = new ProcessBuilder(JavaProcess.command(Peak.class, p.jsonName())).redirectErrorStream(true)
                    .start();
            String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, child.waitFor(), out);
            String last = out.lines().filter(l -> l.startsWith("peak ")).findFirst().orElseThrow(() -> new AssertionError(out));
            double peak = Double.parseDouble(last.substring("peak ".length()));
            int resolution = Math.min(64, p.run().resolution());
            double estimate = MemoryEstimate.bytes(p.genome(), resolution) / (1024.0 * 1024.0);
            double ratio = estimate / peak;
            assertTrue(ratio >= 1 / 1.5 && ratio <= 1.5, String.format(java.util.Locale.ROOT,
                    "%s at %dpx: estimated %.0f MB, measured peak %.0f MB (%.2fx)", p.jsonName(), resolution,
                    estimate, peak, ratio));
        }
    }

    /** In its own process: prints the peak resident growth (MB) of six steps of the named preset. */
    static final class Peak {
        public static void main(String[] args) {
            Preset p = Preset.named(args[0]);
            try (Trainer warm = new Trainer(Preset.TINY.genome(), Preset.TINY.run(), Device.cpu())) {
                warm.trainStep(); // the engine's own memory is not the training's
            }
            int resolution = Math.min(64, p.run().resolution());
            System.gc();
            NativeMemory.trim();
            NativeMemory.resetPeak();
            double before = NativeMemory.residentMb();
            // A budget of as many steps as are trained: progressive growing reaches the full size.
            try (Trainer t = new Trainer(p.genome(), p.run().withResolution(resolution).withSteps(6), Device.cpu())) {
                for (int s = 0; s < 6; s++) {
                    t.trainStep();
                }
            }
            System.out.println("peak " + (NativeMemory.peakResidentMb() - before));
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
