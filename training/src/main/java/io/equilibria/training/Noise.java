package io.equilibria.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A stream of N(0, 1) draws made by libtorch on the ensemble's device: latents and per-pixel noise
 * never cross from Java memory. libtorch has one generator per device for the whole process, so
 * every draw seeds it from the stream's seed and the draw's number and samples under one lock:
 * the same stream gives the same arrays whichever thread draws and whatever else the process
 * samples. (On a GPU the numbers differ from the CPU's: CUDA samples with Philox.)
 */
final class Noise {
    /** Guards libtorch's process-wide generators between a draw's seeding and its sampling. */
    private static final Object GENERATORS = new Object();

    private final long seed;
    private final boolean shared;
    private long draws;

    private Noise(long seed, boolean shared) {
        this.seed = seed;
        this.shared = shared;
    }

    /** The stream identified by {@code seed} and {@code coordinates} (see {@link Rng#of}). */
    static Noise of(long seed, long... coordinates) {
        return new Noise(Rng.mixed(seed, coordinates), false);
    }

    /**
     * The same stream for noise that every image of a batch shares (one map per layer, broadcast
     * over the batch): the frames of a video, which must differ only by their latents.
     */
    Noise shared() {
        return new Noise(seed, true);
    }

    /** Whether per-pixel noise maps are one for the whole batch. */
    boolean isShared() {
        return shared;
    }

    /** The stream's next array of N(0, 1) samples, in {@code manager} (on its device). */
    NDArray gaussian(NDManager manager, long... shape) {
        long drawSeed = Rng.mixed(seed, draws++);
        NativeCalls.inPlace(1);
        synchronized (GENERATORS) {
            JniUtils.setSeed(drawSeed);
            return manager.randomNormal(new Shape(shape));
        }
    }
}
