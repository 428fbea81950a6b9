package io.equilibria.archive.cluster;

import io.equilibria.fitness.Standardiser;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Small helpers over row-major {@code double[n][d]} data. */
final class Matrices {
    private Matrices() {}

    /**
     * Each column to zero mean and unit (population) variance, as scikit-learn's StandardScaler;
     * a constant column becomes zeros, and missing values (NaN) the column's mean.
     */
    static double[][] standardise(double[][] x) {
        int d = x.length == 0 ? 0 : x[0].length;
        Standardiser s = Standardiser.fit(java.util.Arrays.asList(x), d, Standardiser.Deviation.POPULATION, 1e-12);
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = s.apply(x[i]);
        }
        return z;
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            s += t * t;
        }
        return Math.sqrt(s);
    }

    /** {@code size} distinct indices of {@code 0..n-1}, in increasing order, chosen by {@code seed}. */
    static int[] sample(int n, int size, long seed) {
        if (size >= n) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] index = new int[n];
        Arrays.setAll(index, i -> i);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(n - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
        }
        int[] chosen = Arrays.copyOf(index, size);
        Arrays.sort(chosen);
        return chosen;
    }

    static <T> double[][] rows(double[][] x, int[] which) {
        double[][] out = new double[which.length][];
        for (int i = 0; i < which.length; i++) {
            out[i] = x[which[i]];
        }
        return out;
    }
}
