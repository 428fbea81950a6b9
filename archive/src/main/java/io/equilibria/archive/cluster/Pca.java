package io.equilibria.archive.cluster;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Principal component analysis by eigen-decomposition (Commons Math). With few features, of the
 * covariance matrix (d × d); with many (pixels), of the Gram matrix of at most {@link #GRAM_ROWS}
 * seeded rows (m × m), whose eigenvectors map to the same principal directions: for the seed's
 * hundreds of images this is exact.
 *
 * @param mean the column means subtracted before projecting
 * @param components principal directions, strongest first, each of unit length
 * @param explained fraction of the total variance along each direction found, strongest first
 */
public record Pca(double[] mean, double[][] components, double[] explained) {
    /** Above this many features the Gram matrix of the rows is decomposed instead of the covariance. */
    static final int COVARIANCE_MAX = 1000;
    /** Rows the Gram matrix is built from, at most. */
    public static final int GRAM_ROWS = 1000;

    public static Pca fit(double[][] x, long seed) {
        int n = x.length;
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least two points");
        }
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        if (d <= COVARIANCE_MAX) {
            double[][] c = new double[d][d];
            for (double[] row : x) {
                for (int i = 0; i < d; i++) {
                    double ri = row[i] - mean[i];
                    for (int j = i; j < d; j++) {
                        c[i][j] += ri * (row[j] - mean[j]);
                    }
                }
            }
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    c[i][j] /= n - 1;
                    c[j][i] = c[i][j];
                }
            }
            EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(c, false));
            return of(mean, eigen, null);
        }
        int[] rows = Matrices.sample(n, GRAM_ROWS, seed);
        double[][] s = new double[rows.length][d];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                s[i][j] = x[rows[i]][j] - mean[j];
            }
        }
        int m = rows.length;
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                double dot = 0;
                for (int t = 0; t < d; t++) {
                    dot += s[i][t] * s[j][t];
                }
                g[i][j] = dot / (m - 1);
                g[j][i] = g[i][j];
            }
        }
        return of(mean, new EigenDecomposition(new Array2DRowRealMatrix(g, false)), s);
    }

    /** Components from an eigen-decomposition: of the covariance ({@code gramRows} null) or of the Gram matrix. */
    private static Pca of(double[] mean, EigenDecomposition eigen, double[][] gramRows) {
        double[] values = eigen.getRealEigenvalues();
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> -values[i]));
        double total = 0;
        for (double v : values) {
            total += Math.max(0, v);
        }
        int kept = 0;
        while (kept < order.length && values[order[kept]] > 1e-12 * Math.max(total, 1e-300)) {
            kept++;
        }
        double[][] components = new double[kept][];
        double[] explained = new double[kept];
        for (int c = 0; c < kept; c++) {
            RealVector v = eigen.getEigenvector(order[c]);
            double[] direction;
            if (gramRows == null) {
                direction = v.toArray();
            } else {
                int d = gramRows[0].length;
                direction = new double[d];
                for (int i = 0; i < gramRows.length; i++) {
                    double w = v.getEntry(i);
                    for (int j = 0; j < d; j++) {
                        direction[j] += w * gramRows[i][j];
                    }
                }
            }
            components[c] = canonical(normalise(direction));
            explained[c] = values[order[c]] / total;
        }
        return new Pca(mean, components, explained);
    }

    private static double[] normalise(double[] v) {
        double norm = 0;
        for (double t : v) {
            norm += t * t;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
        return v;
    }

    /** A direction's sign is arbitrary: fix it so that its largest coordinate is positive. */
    private static double[] canonical(double[] v) {
        int at = 0;
        for (int i = 1; i < v.length; i++) {
            if (Math.abs(v[i]) > Math.abs(v[at])) {
                at = i;
            }
        }
        if (v[at] < 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
        }
        return v;
    }

    /** The first {@code m} coordinates of each row along the principal directions. */
    public double[][] project(double[][] x, int m) {
        int c = Math.min(m, components.length);
        double[][] out = new double[x.length][c];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < c; k++) {
                double dot = 0;
                for (int j = 0; j < mean.length; j++) {
                    dot += (x[i][j] - mean[j]) * components[k][j];
                }
                out[i][k] = dot;
            }
        }
        return out;
    }

    /** Cumulative explained variance: entry i is the fraction the first i+1 components explain. */
    public double[] cumulative() {
        double[] c = new double[explained.length];
        double sum = 0;
        for (int i = 0; i < c.length; i++) {
            sum += explained[i];
            c[i] = sum;
        }
        return c;
    }

    /** How many components explain at least {@code fraction} of the variance. */
    public int componentsFor(double fraction) {
        double[] c = cumulative();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= fraction - 1e-12) {
                return i + 1;
            }
        }
        return c.length;
    }
}
