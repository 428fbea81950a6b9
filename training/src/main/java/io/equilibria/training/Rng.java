package io.equilibria.training;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Reproducible randomness without global state: every stream (weights of a network, latents of a
 * step, noise of a probe) is its own generator, derived from the genome's seed and the stream's
 * coordinates. A resumed training therefore needs no RNG state, only the step number. Weights are
 * drawn in Java once per network; what a step draws is drawn on the device ({@link Noise}).
 */
public final class Rng {
    static final long WEIGHTS = 1;
    static final long STEP = 2;
    static final long PROBE_LATENTS = 3;
    static final long PROBE_NOISE = 4;

    private Rng() {}

    /** A generator for the stream identified by {@code seed} and {@code coordinates}. */
    public static RandomGenerator of(long seed, long... coordinates) {
        return new SplittableRandom(mixed(seed, coordinates));
    }

    /** The seed of the stream identified by {@code seed} and {@code coordinates}. */
    static long mixed(long seed, long... coordinates) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long c : coordinates) {
            h = mix(h ^ mix(c + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /**
     * A copy of {@code blob} in libtorch's own memory; {@code blob} is closed. On CPU, DJL's
     * {@code create} wraps the Java buffer without copying, and the buffer is freed by the GC once
     * its wrapper is closed, whatever libtorch still refers to it.
     */
    static NDArray native_(NDArray blob) {
        NDArray copy = blob.duplicate();
        blob.close();
        return copy;
    }

    /** SplitMix64's finaliser. */
    /** SplitMix64's finaliser: a bijection of {@code z} whose bits all depend on all of {@code z}'s. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
