package io.equilibria.fitness;

import java.util.Arrays;
import java.util.List;

/**
 * Features to zero mean and unit deviation, fitted to a set of rows: the one standardisation of the
 * program. Novelty divides by the sample deviation (its reference is a sample of what the search
 * will find); clustering by the population deviation, as scikit-learn's StandardScaler, so that its
 * figures compare with the seed's. Missing values (NaN) are left out of the fit and stand for the
 * feature's mean; a feature without spread (deviation at most {@code floor}) is only centred.
 */
public final class Standardiser {
    /** Which deviation a feature is divided by. */
    public enum Deviation {
        /** n - 1 in the denominator; fewer than two rows standardise nothing (mean 0, scale 1). */
        SAMPLE,
        /** n in the denominator. */
        POPULATION
    }

    private final double[] mean;
    private final double[] scale;

    private Standardiser(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /**
     * Fitted to {@code rows} (each of {@code dims} features).
     *
     * @param floor a deviation at or below this counts as none
     */
    public static Standardiser fit(List<double[]> rows, int dims, Deviation deviation, double floor) {
        double[] mean = new double[dims];
        double[] scale = new double[dims];
        Arrays.fill(scale, 1);
        if (deviation == Deviation.SAMPLE && rows.size() < 2) {
            return new Standardiser(mean, scale);
        }
        for (int j = 0; j < dims; j++) {
            double sum = 0;
            int count = 0;
            for (double[] row : rows) {
                if (!Double.isNaN(row[j])) {
                    sum += row[j];
                    count++;
                }
            }
            mean[j] = count == 0 ? 0 : sum / count;
            double ss = 0;
            for (double[] row : rows) {
                if (!Double.isNaN(row[j])) {
                    ss += (row[j] - mean[j]) * (row[j] - mean[j]);
                }
            }
            int denominator = deviation == Deviation.SAMPLE ? count - 1 : count;
            double sd = denominator <= 0 ? 0 : Math.sqrt(ss / denominator);
            scale[j] = sd > floor ? sd : 1;
        }
        return new Standardiser(mean, scale);
    }

    /** {@code v} standardised (a new array); a missing value becomes 0, the mean's place. */
    public double[] apply(double[] v) {
        double[] z = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            z[i] = Double.isNaN(v[i]) ? 0 : (v[i] - mean[i]) / scale[i];
        }
        return z;
    }
}
