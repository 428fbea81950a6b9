package io.equilibria.fitness;

import io.equilibria.training.Display;
import java.awt.image.BufferedImage;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * A generator's probe images as a person sees them: {@code [count, 3, r, r]} displayed intensities
 * in [0, 1], made from raw outputs through {@link Display} (the mapping sheets and videos use) or
 * read back from a picture. Every measurement of the judging and the descriptor is taken here.
 */
public final class Pictures {
    private static final FastFourierTransformer FFT = new FastFourierTransformer(DftNormalization.STANDARD);
    /** Half an 8-bit level: a displayed value this close to 0 or 1 shows as clipped. */
    private static final double CLIP = 0.5 / 255;

    private final double[] px;
    private final int count;
    private final int r;
    private final int plane;
    private double[][] spectrum;
    private double[] deviations;

    private Pictures(double[] displayed, int count, int resolution) {
        this.px = displayed;
        this.count = count;
        this.r = resolution;
        this.plane = resolution * resolution;
        if (displayed.length != (long) count * 3 * plane) {
            throw new IllegalArgumentException("pictures of the wrong size");
        }
    }

    /** The probes a generator output, {@code [count, 3, r, r]} raw values, as displayed. */
    public static Pictures of(float[] outputs, int count, int resolution) {
        double[] d = new double[outputs.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Display.unit(outputs[i]);
        }
        return new Pictures(d, count, resolution);
    }

    /**
     * The probes shown in a picture laid out as a grid of {@code cell}-pixel cells (a sheet panel),
     * each cell an image of {@code resolution} pixels enlarged by nearest neighbour; {@code count}
     * cells are read row by row.
     */
    public static Pictures ofPanel(BufferedImage panel, int count, int cell, int resolution) {
        int columns = panel.getWidth() / cell;
        int scale = cell / resolution;
        int plane = resolution * resolution;
        double[] d = new double[count * 3 * plane];
        for (int i = 0; i < count; i++) {
            int x0 = (i % columns) * cell;
            int y0 = (i / columns) * cell;
            for (int y = 0; y < resolution; y++) {
                for (int x = 0; x < resolution; x++) {
                    int rgb = panel.getRGB(x0 + x * scale, y0 + y * scale);
                    int p = y * resolution + x;
                    d[(i * 3) * plane + p] = ((rgb >> 16) & 0xff) / 255.0;
                    d[(i * 3 + 1) * plane + p] = ((rgb >> 8) & 0xff) / 255.0;
                    d[(i * 3 + 2) * plane + p] = (rgb & 0xff) / 255.0;
                }
            }
        }
        return new Pictures(d, count, resolution);
    }

    int count() {
        return count;
    }

    int resolution() {
        return r;
    }

    /** Displayed intensity of channel {@code channel} of pixel {@code p} of probe {@code probe}, in [0, 1]. */
    double value(int probe, int channel, int p) {
        return px[(probe * 3 + channel) * plane + p];
    }

    /** Fraction of displayed channel values that are clipped (shown as 0 or 255). */
    double saturation() {
        int n = 0;
        for (double v : px) {
            if (v <= CLIP || v >= 1 - CLIP) {
                n++;
            }
        }
        return n / (double) px.length;
    }

    /** Mean over pixel channels of the standard deviation across probes, ×2 (the [-1, 1] scale). */
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
        return 2 * total / (3.0 * plane);
    }

    /**
     * How much each picture varies across its own pixels: the mean over probes and channels of the
     * standard deviation over pixels, in displayed units (0 for one colour field, 0.5 at most).
     */
    double spatialDeviation() {
        double total = 0;
        for (double d : probeDeviations()) {
            total += d;
        }
        return total / count;
    }

    /**
     * Each probe's spatial deviation: its channels' population standard deviations over pixels,
     * averaged. Computed once; the judging reads it twice (the mean and the count of flat probes).
     */
    double[] probeDeviations() {
        if (deviations != null) {
            return deviations;
        }
        StandardDeviation population = new StandardDeviation(false);
        double[] perProbe = new double[count];
        for (int i = 0; i < count; i++) {
            double total = 0;
            for (int c = 0; c < 3; c++) {
                total += population.evaluate(px, (3 * i + c) * plane, plane);
            }
            perProbe[i] = total / 3;
        }
        deviations = perProbe;
        return deviations;
    }

    /** Luminance (Rec. 601) of probe {@code i}, in [0, 1]. */
    double[] luminance(int i) {
        double[] l = new double[plane];
        for (int p = 0; p < plane; p++) {
            l[p] = 0.299 * value(i, 0, p) + 0.587 * value(i, 1, p) + 0.114 * value(i, 2, p);
        }
        return l;
    }

    /** Radially averaged luminance power by integer frequency radius 1..r/2: [power, bins]. */
    private double[][] spectrum() {
        if (spectrum != null) {
            return spectrum;
        }
        int half = r / 2;
        double[] power = new double[half + 1];
        double[] bins = new double[half + 1];
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
        spectrum = new double[][] {power, bins};
        return spectrum;
    }

    /**
     * Grain: the median, over every probe, colour channel and interior pixel, of how far a pixel's
     * displayed value lies from the mean of its four neighbours (intensity in [0, 1]). Per-pixel
     * noise (noise inputs grown strong) moves every pixel away from its neighbours, in luminance or
     * in colour alone; smooth fields and hard-edged shapes keep most pixels at their neighbours'
     * mean (an edge moves only the pixels along it, which the median ignores). About 0.002-0.01
     * for soft fields. 0 below {@link Thresholds#GRAIN_FROM_RESOLUTION} pixels, where a pixel is too
     * large a part of the picture to tell grain from structure.
     */
    double grain() {
        if (r < Thresholds.GRAIN_FROM_RESOLUTION) {
            return 0;
        }
        double[] residuals = new double[count * 3 * (r - 2) * (r - 2)];
        int at = 0;
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 1; y < r - 1; y++) {
                    for (int x = 1; x < r - 1; x++) {
                        int p = y * r + x;
                        double around = (value(i, c, p - 1) + value(i, c, p + 1) + value(i, c, p - r)
                                + value(i, c, p + r)) / 4;
                        residuals[at++] = Math.abs(value(i, c, p) - around);
                    }
                }
            }
        }
        return new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(residuals);
    }

    /**
     * Slope of the radially averaged power spectrum against frequency, log-log, over the probes'
     * luminance: about -2 for natural images, 0 for white noise. NaN for a flat picture.
     */
    double spectralSlope() {
        double[][] s = spectrum();
        SimpleRegression fit = new SimpleRegression();
        for (int k = 1; k < s[0].length; k++) {
            double p = s[0][k] / Math.max(1, s[1][k]);
            if (p > 1e-18) {
                fit.addData(Math.log(k), Math.log(p));
            }
        }
        return fit.getN() < 3 ? Double.NaN : fit.getSlope();
    }

    /**
     * Fraction of the luminance's total (mean-removed) spectral power at frequencies above a
     * quarter of the sampling rate (radius &gt; r/4): about 0.75 for pixel noise, a few percent for
     * soft fields. 0 for a flat picture.
     */
    double highFrequency() {
        double[][] s = spectrum();
        double total = 0;
        double high = 0;
        for (int k = 1; k < s[0].length; k++) {
            total += s[0][k];
            if (k > r / 4) {
                high += s[0][k];
            }
        }
        return total > 1e-12 ? high / total : 0;
    }

    /**
     * How strongly a grid of k×k blocks shows (k = 2 or 4, the traces of nearest upsampling): the
     * mean absolute luminance step across block edges over the mean step inside blocks, the larger
     * of the two k. About 1 where no grid shows; large when the picture is made of flat blocks.
     */
    double blockiness() {
        double worst = 1;
        for (int k = 2; k <= 4 && k <= r / 4; k *= 2) {
            double edge = 0;
            double inside = 0;
            long edges = 0;
            long insides = 0;
            for (int i = 0; i < count; i++) {
                double[] l = luminance(i);
                for (int y = 0; y < r; y++) {
                    for (int x = 0; x + 1 < r; x++) {
                        double h = Math.abs(l[y * r + x + 1] - l[y * r + x]);
                        double v = Math.abs(l[(x + 1) * r + y] - l[x * r + y]); // the transposed step
                        if ((x + 1) % k == 0) {
                            edge += h + v;
                            edges += 2;
                        } else {
                            inside += h + v;
                            insides += 2;
                        }
                    }
                }
            }
            double ratio = (edge / edges + 1e-3) / (inside / insides + 1e-3);
            worst = Math.max(worst, ratio);
        }
        return worst;
    }
}
