package io.equilibria.fitness;

import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Measurements of a generator's probe images, laid out as {@code [count, 3, r, r]} with pixels
 * nominally in [-1, 1] (values outside are clipped, as a sheet shows them, except by
 * {@link #saturation}).
 */
final class Pictures {
    private static final FastFourierTransformer FFT = new FastFourierTransformer(DftNormalization.STANDARD);

    private final float[] px;
    private final int count;
    private final int r;
    private final int plane;

    Pictures(float[] px, int count, int resolution) {
        this.px = px;
        this.count = count;
        this.r = resolution;
        this.plane = resolution * resolution;
    }

    int count() {
        return count;
    }

    int resolution() {
        return r;
    }

    /** Pixel value clipped to [-1, 1] and mapped to [0, 1]; NaN counts as black. */
    double value(int probe, int channel, int p) {
        float v = px[(probe * 3 + channel) * plane + p];
        if (!(v > -1f)) {
            return 0;
        }
        return v >= 1f ? 1 : (v + 1) / 2.0;
    }

    /** Fraction of channel values outside [-1, 1] (or not finite). */
    double saturation() {
        int n = 0;
        for (float v : px) {
            if (!(v >= -1f && v <= 1f)) {
                n++;
            }
        }
        return n / (double) px.length;
    }

    /** Mean over pixel channels of the standard deviation across probes (in [0, 1] units ×2: the [-1, 1] scale). */
    double diversity() {
        if (count < 2) {
            return Double.NaN;
        }
        double total = 0;
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane; p++) {
                double s = 0;
                double s2 = 0;
                for (int i = 0; i < count; i++) {
                    double v = value(i, c, p);
                    s += v;
                    s2 += v * v;
                }
                double mean = s / count;
                total += Math.sqrt(Math.max(0, s2 / count - mean * mean));
            }
        }
        return 2 * total / (3.0 * plane); // back to the [-1, 1] scale
    }

    /** Luminance (Rec. 601) of probe {@code i}, in [0, 1]. */
    double[] luminance(int i) {
        double[] l = new double[plane];
        for (int p = 0; p < plane; p++) {
            l[p] = 0.299 * value(i, 0, p) + 0.587 * value(i, 1, p) + 0.114 * value(i, 2, p);
        }
        return l;
    }

    /**
     * Slope of the radially averaged power spectrum against frequency, log-log, over the mean
     * luminance of the probes' spectra: about -2 for natural images, 0 for white noise. NaN for a
     * flat picture.
     */
    double spectralSlope() {
        int half = r / 2;
        double[] power = new double[half + 1];
        int[] bins = new int[half + 1];
        for (int i = 0; i < count; i++) {
            double[] l = luminance(i);
            double mean = 0;
            for (double v : l) {
                mean += v;
            }
            mean /= plane;
            Complex[][] rows = new Complex[r][];
            for (int y = 0; y < r; y++) {
                double[] row = new double[r];
                for (int x = 0; x < r; x++) {
                    row[x] = l[y * r + x] - mean;
                }
                rows[y] = FFT.transform(row, TransformType.FORWARD);
            }
            for (int x = 0; x < r; x++) {
                Complex[] column = new Complex[r];
                for (int y = 0; y < r; y++) {
                    column[y] = rows[y][x];
                }
                Complex[] f = FFT.transform(column, TransformType.FORWARD);
                int fx = x <= half ? x : r - x;
                for (int y = 0; y < r; y++) {
                    int fy = y <= half ? y : r - y;
                    int radius = (int) Math.round(Math.sqrt(fx * fx + fy * fy));
                    if (radius >= 1 && radius <= half) {
                        double a = f[y].abs();
                        power[radius] += a * a;
                        bins[radius]++;
                    }
                }
            }
        }
        SimpleRegression fit = new SimpleRegression();
        for (int k = 1; k <= half; k++) {
            double p = power[k] / Math.max(1, bins[k]);
            if (p > 1e-18) {
                fit.addData(Math.log(k), Math.log(p));
            }
        }
        return fit.getN() < 3 ? Double.NaN : fit.getSlope();
    }
}
