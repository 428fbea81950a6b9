package io.equilibria.evolve;

import ai.djl.Device;
import io.equilibria.config.GeneratorGenome;
import io.equilibria.config.Genome;
import java.lang.management.ManagementFactory;

/**
 * A rough upper estimate of the memory one training of a genome needs, and what a device offers:
 * the search's constraint rejects (and replaces) genomes that would not fit. It counts weights with
 * their gradients and Adam's two moments, the per-sample modulated weights of the generators, and
 * the activations kept for the backward pass, all in 32-bit floats, twice over for their gradients.
 */
final class MemoryEstimate {
    /** Activations saved per pixel and channel of a synthesis or discriminator layer (a generous count). */
    private static final int SAVED_PER_ACTIVATION = 8;

    private MemoryEstimate() {}

    static long bytes(Genome g, int resolution) {
        double floats = 4 * (parameters(g.a()) + parameters(g.b()) + discriminatorParameters(g, resolution, false));
        floats += 2 * (g.batchSize() * (activations(g.a(), resolution) + activations(g.b(), resolution)));
        floats += 2 * (2.0 * g.d().batchSize() * discriminatorParameters(g, resolution, true));
        return (long) (4 * floats);
    }

    private static double parameters(GeneratorGenome a) {
        return a.mappingLayers() * (double) a.wDim() * a.wDim();
    }

    private static double activations(GeneratorGenome a, int resolution) {
        double total = 0;
        for (int r = 4; r <= resolution; r *= 2) {
            double c = a.channelsAt(r);
            total += SAVED_PER_ACTIVATION * (double) r * r * c + 2 * 9 * c * c + 3 * a.wDim() * c;
        }
        return total;
    }

    /** D's weights, or (with {@code perSample}) the activations one sample keeps. */
    private static double discriminatorParameters(Genome g, int resolution, boolean perSample) {
        double total = 0;
        for (int r = 4; r <= resolution; r *= 2) {
            double c = g.d().channelsAt(r);
            total += perSample ? SAVED_PER_ACTIVATION * (double) r * r * c : 2 * 9 * c * c;
        }
        return total + (perSample ? 0 : (double) g.d().embeddingDim() * g.d().channelsAt(4) * 16);
    }

    /** Memory a training may use on {@code device}: half the machine's RAM, or 80% of a GPU's. */
    static long capacity(Device device) {
        if (device.isGpu()) {
            try {
                return (long) (0.8 * ai.djl.util.cuda.CudaUtils.getGpuMemory(device).getMax());
            } catch (RuntimeException | LinkageError e) {
                return Long.MAX_VALUE;
            }
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize() / 2;
    }
}
