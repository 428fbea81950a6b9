package io.equilibria.evolve.search;

import ai.djl.Device;
import io.equilibria.config.GeneratorGenome;
import io.equilibria.config.Genome;
import io.equilibria.evolve.bench.NvidiaSmi;
import java.lang.management.ManagementFactory;

/**
 * A rough upper estimate of the memory one training of a genome needs, and what a device offers:
 * the search's constraint rejects (and replaces) genomes that would not fit. It counts every weight
 * (exactly, {@link #weights}) with its gradient and Adam's two moments, the per-sample modulated
 * weights of the generators, and the activations kept for the backward pass, all in 32-bit floats,
 * twice over for their gradients.
 */
public final class MemoryEstimate {
    /**
     * Floats per pixel and channel of a synthesis or discriminator layer that a step holds at its
     * peak: saved activations and libtorch's scratch (im2col, the modulated convolution's grouped
     * copies). Set from measured peaks on CPU: with it, the estimate is 0.98 to 1.18 times a step's
     * peak resident growth for the cpu, series1, bench64 and gpu presets at 64 px (8 gave 0.6 to
     * 0.86: too small to be the upper estimate the constraint needs); MemoryEstimateTest holds it
     * there.
     */
    private static final int SAVED_PER_ACTIVATION = 16;

    private MemoryEstimate() {}

    public static long bytes(Genome g, int resolution) {
        double floats = 4.0 * weights(g, resolution);
        floats += 2 * (g.batchSize() * (activations(g.a(), resolution) + activations(g.b(), resolution)));
        floats += 2 * (2.0 * g.d().batchSize() * discriminatorActivations(g, resolution));
        return (long) (4 * floats);
    }

    /**
     * Trainable scalars of A, B and D at {@code resolution}: the same count as the networks the
     * training builds ({@code Trainer.parameterCount()}, checked by a test).
     */
    static long weights(Genome g, int resolution) {
        return generatorWeights(g.a(), g.zDim(), resolution) + generatorWeights(g.b(), g.zDim(), resolution)
                + discriminatorWeights(g, resolution);
    }

    private static long generatorWeights(GeneratorGenome a, int zDim, int resolution) {
        long w = a.wDim();
        long total = w * (zDim + 1) + (a.mappingLayers() - 1) * w * (w + 1); // the mapping MLP
        long previous = a.channelsAt(4);
        total += previous * 16; // the constant input
        boolean adain = a.style() == io.equilibria.config.Style.ADAIN;
        for (int r = 4; r <= resolution; r *= 2) {
            long out = a.channelsAt(r);
            if (r > 4) {
                total += synthesisLayer(previous, out, w, adain, a.noise());
            }
            total += synthesisLayer(r > 4 ? out : previous, out, w, adain, a.noise());
            total += (adain ? 0 : out * w + out) + 3 * out + 3; // ToRGB: style affine (modulated), 1x1 weight, bias
            previous = out;
        }
        return total;
    }

    /** A 3x3 styled convolution: its style affine(s), weight, noise strength and bias. */
    private static long synthesisLayer(long in, long out, long w, boolean adain, boolean noise) {
        long styled = adain ? out : in;
        return styled * w + styled + 9 * out * in + (adain ? out * w + out : 0) + (noise ? out : 0) + out;
    }

    private static double activations(GeneratorGenome a, int resolution) {
        double total = 0;
        for (int r = 4; r <= resolution; r *= 2) {
            double c = a.channelsAt(r);
            total += SAVED_PER_ACTIVATION * (double) r * r * c + 2 * 9 * c * c + 3 * a.wDim() * c;
        }
        return total;
    }

    /** D's weights: fromRGB per resolution, two 3x3 convolutions per block, the 4x4 epilogue and heads. */
    private static long discriminatorWeights(Genome g, int resolution) {
        long total = 0;
        for (int r = 4; r <= resolution; r *= 2) {
            long c = g.d().channelsAt(r);
            total += 3 * c + c; // fromRGB, 1x1
            if (r > 4) {
                long half = g.d().channelsAt(r / 2);
                total += 9 * c * c + c + 9 * c * half + half;
            }
        }
        long c4 = g.d().channelsAt(4);
        long in = c4 + (g.d().minibatchStddev() ? 1 : 0);
        long e = g.d().embeddingDim();
        return total + 9 * in * c4 + c4 + e * c4 * 16 + e + e + 1;
    }

    /** The activations one sample keeps in D for the backward pass. */
    private static double discriminatorActivations(Genome g, int resolution) {
        double total = 0;
        for (int r = 4; r <= resolution; r *= 2) {
            total += SAVED_PER_ACTIVATION * (double) r * r * g.d().channelsAt(r);
        }
        return total;
    }

    /**
     * Memory one training may use when {@code devices} (as given to {@code --devices}, one entry per
     * worker) train at once: each device's capacity shared among the workers on it (four workers on
     * {@code gpu:0} get a quarter of it each), the smallest share over the devices.
     */
    public static long perWorker(java.util.List<String> devices) {
        java.util.Map<Device, Long> workers = new java.util.LinkedHashMap<>();
        for (String d : devices) {
            workers.merge(io.equilibria.training.Devices.parse(d), 1L, Long::sum);
        }
        return workers.entrySet().stream().mapToLong(e -> capacity(e.getKey()) / e.getValue()).min().orElseThrow();
    }

    /**
     * Memory a training may use on {@code device}: half the machine's RAM, or 80% of a GPU's. A GPU's
     * total is asked of {@code nvidia-smi} where it is installed, so that the coordinator creates no
     * CUDA context on a device it never trains on; CUDA itself answers otherwise.
     */
    public static long capacity(Device device) {
        if (device.isGpu()) {
            try {
                long mib = NvidiaSmi.query("memory.total", device.getDeviceId()).map(Long::parseLong).orElse(0L);
                if (mib > 0) {
                    return (long) (0.8 * (mib << 20));
                }
            } catch (NumberFormatException e) {
                // an answer we do not understand: ask CUDA
            }
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
