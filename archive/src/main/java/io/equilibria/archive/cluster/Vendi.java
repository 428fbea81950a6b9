package io.equilibria.archive.cluster;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.MatrixUtils;

/**
 * The Vendi score (Friedman &amp; Dieng 2022): the effective number of distinct items in a set,
 * exp(−Σ λᵢ log λᵢ) over the eigenvalues λ of K / n, where K is the items' similarity matrix with
 * K[i][i] = 1. Here the similarity is the cosine of the mean-centred feature vectors mapped to
 * [0, 1] ((1 + cos) / 2), which is positive semi-definite. 1 for n copies of one item, n for n
 * items that are mutually as dissimilar as the kernel allows.
 */
public final class Vendi {
    private Vendi() {}

    /** The Vendi score of the rows of {@code x}; 0 for no rows. */
    public static double score(double[][] x) {
        int n = x.length;
        if (n == 0) {
            return 0;
        }
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] unit = new double[n][d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                unit[i][j] = x[i][j] - mean[j];
                norm += unit[i][j] * unit[i][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                unit[i][j] = norm > 1e-12 ? unit[i][j] / norm : 0;
            }
        }
        RealMatrix k = MatrixUtils.createRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double cos = 0;
                for (int c = 0; c < d; c++) {
                    cos += unit[i][c] * unit[j][c];
                }
                double s = i == j ? 1 : (1 + cos) / 2;
                k.setEntry(i, j, s / n);
                k.setEntry(j, i, s / n);
            }
        }
        double entropy = 0;
        for (double lambda : new EigenDecomposition(k).getRealEigenvalues()) {
            if (lambda > 1e-12) {
                entropy -= lambda * Math.log(lambda);
            }
        }
        return Math.exp(entropy);
    }
}
