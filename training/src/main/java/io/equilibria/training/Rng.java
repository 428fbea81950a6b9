package io.equilibria.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Reproducible randomness without global state: every stream (weights of a network, latents of a
 * step, noise of a probe) is its own generator, derived from the genome's seed and the stream's
 * coordinates. A resumed training therefore needs no RNG state, only the step number.
 */
final class Rng {
    static final long WEIGHTS = 1;
    static final long STEP = 2;
    static final long PROBE_LATENTS = 3;
    static final long PROBE_NOISE = 4;

    private Rng() {}

    /** A generator for the stream identified by {@code seed} and {@code coordinates}. */
    static RandomGenerator of(long seed, long... coordinates) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long c : coordinates) {
            h = mix(h ^ mix(c + 0x632BE59BD9B4E019L));
        }
        return new SplittableRandom(h);
    }

    /**
     * Noise that every image of a batch shares (one map per layer, broadcast over the batch): the
     * frames of a video, which must differ only by their latents.
     */
    static final class Shared implements RandomGenerator {
        private final RandomGenerator inner;

        Shared(RandomGenerator inner) {
            this.inner = inner;
        }

        @Override
        public long nextLong() {
            return inner.nextLong();
        }

        @Override
        public double nextGaussian() {
            return inner.nextGaussian();
        }
    }

    /** An array of N(0, 1) samples created in {@code manager}. */
    static NDArray gaussian(NDManager manager, RandomGenerator rng, long... shape) {
        Shape s = new Shape(shape);
        float[] data = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rng.nextGaussian();
        }
        NativeCalls.upload();
        return native_(manager.create(data, s));
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
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
