package io.equilibria.training;

import io.equilibria.config.Side;

/**
 * The outputs of A and B for the fixed probe latents (same z into both, fixed noise).
 *
 * @param count number of probes
 * @param resolution side of each image in pixels
 * @param a A's images, [count, 3, resolution, resolution] row-major, pixels nominally in [-1, 1]
 * @param b B's images, same layout
 */
public record ProbeImages(int count, int resolution, float[] a, float[] b) {
    public ProbeImages {
        long expected = (long) count * 3 * resolution * resolution;
        if (count < 1 || a.length != expected || b.length != expected) {
            throw new IllegalArgumentException("probe images of the wrong size");
        }
    }

    /** The images of one generator. */
    public float[] of(Side side) {
        return side == Side.A ? a : b;
    }

    /** Mean absolute difference per pixel channel between these and {@code other}, for A and B. */
    float[] meanAbsDifference(ProbeImages other) {
        return new float[] {mad(a, other.a), mad(b, other.b)};
    }

    private static float mad(float[] x, float[] y) {
        if (x.length != y.length) {
            return Float.NaN; // resolution changed between rows
        }
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.abs(x[i] - y[i]);
        }
        return (float) (s / x.length);
    }
}
