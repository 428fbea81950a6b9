package io.equilibria.archive.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClusterMathTest {
    private static double[][] column(double... values) {
        double[][] x = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            x[i] = new double[] {values[i]};
        }
        return x;
    }

    @Test
    void silhouetteMatchesTheHandComputedValues() {
        // {0, 1} and {4, 5}: a = 1 everywhere; b = 4.5 for the outer points, 3.5 for the inner ones.
        assertEquals((7.0 / 9 + 5.0 / 7) / 2, Silhouette.score(column(0, 1, 4, 5), new int[] {0, 0, 1, 1}), 1e-12);
        // A point alone in its cluster counts 0; the others find their nearest other cluster.
        assertEquals(188.0 / 315, Silhouette.score(column(0, 1, 4, 5, 10), new int[] {0, 0, 1, 1, 2}), 1e-12);
        assertTrue(Double.isNaN(Silhouette.score(column(0, 1, 2), new int[] {0, 0, 0})));
        // Mixed-up labels are worse than none.
        assertTrue(Silhouette.score(column(0, 1, 4, 5), new int[] {0, 1, 0, 1}) < 0);
    }

    @Test
    void pcaFindsTheKnownDirectionsAndVariances() {
        // Points t·(1, 1) + s·(1, −1) with t and s uncorrelated: variances 2·var(t) = 5 and 2·var(s) = 0.5.
        double[] t = {-2, -1, 0, 1, 2};
        double[] s = {0.5, -0.5, 0, -0.5, 0.5};
        double[][] x = new double[5][];
        for (int i = 0; i < 5; i++) {
            x[i] = new double[] {t[i] + s[i] + 3, t[i] - s[i] - 1};
        }
        Pca pca = Pca.fit(x, 1);
        assertArrayEquals(new double[] {5 / 5.5, 0.5 / 5.5}, pca.explained(), 1e-12);
        double r = Math.sqrt(0.5);
        assertArrayEquals(new double[] {r, r}, pca.components()[0], 1e-12);
        double[] projected = pca.project(x, 2)[4];
        assertEquals(Math.sqrt(2) * t[4], projected[0], 1e-12);
        assertEquals(Math.sqrt(2) * s[4], Math.abs(projected[1]), 1e-12); // the second direction's sign is a tie
        assertEquals(1, pca.componentsFor(0.7));
        assertEquals(2, pca.componentsFor(0.95));
        assertArrayEquals(new double[] {5 / 5.5, 1}, pca.cumulative(), 1e-12);
    }

    private static double variance(double[][] x, int column) {
        double mean = 0;
        for (double[] row : x) {
            mean += row[column] / x.length;
        }
        double ss = 0;
        for (double[] row : x) {
            ss += (row[column] - mean) * (row[column] - mean);
        }
        return ss / (x.length - 1);
    }

    @Test
    void manyFeaturesGoThroughTheGramMatrixAndAgreeWithTheProjectedVariance() {
        Random random = new Random(3);
        int n = 60;
        int d = Pca.COVARIANCE_MAX + 200;
        double[][] x = new double[n][d];
        for (double[] row : x) {
            double a = random.nextGaussian() * 3;
            double b = random.nextGaussian();
            for (int j = 0; j < d; j++) {
                row[j] = a * Math.sin(j * 0.01) + b * Math.cos(j * 0.03) + 0.1 * random.nextGaussian();
            }
        }
        Pca pca = Pca.fit(x, 1);
        double total = 0;
        for (int j = 0; j < d; j++) {
            total += variance(x, j);
        }
        double[][] projected = pca.project(x, 3);
        for (int c = 0; c < 3; c++) {
            assertEquals(variance(projected, c) / total, pca.explained()[c], 1e-9, "component " + c);
        }
        assertTrue(pca.cumulative()[1] > 0.9, "two directions carry the data");
        assertEquals(2, pca.componentsFor(0.7) + (pca.explained()[0] >= 0.7 ? 1 : 0));
    }

    private static double[][] blobs(long seed) {
        Random random = new Random(seed);
        double[][] centres = {{0, 0, 0}, {8, 0, 1}, {0, 9, -2}};
        double[][] x = new double[90][];
        for (int i = 0; i < x.length; i++) {
            double[] c = centres[i % 3];
            x[i] = new double[] {c[0] + random.nextGaussian(), c[1] + random.nextGaussian(), c[2] + random.nextGaussian()};
        }
        return x;
    }

    @Test
    void kMeansIsReproducibleWithASeedAndSilhouetteChoosesTheTrueK() {
        double[][] x = blobs(7);
        KMeans.Result a = KMeans.run(x, 3, 42);
        KMeans.Result b = KMeans.run(x, 3, 42);
        assertArrayEquals(a.labels(), b.labels());
        for (int i = 3; i < x.length; i++) {
            assertEquals(a.labels()[i % 3], a.labels()[i], "point " + i + " left its blob");
        }
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 2; k <= 8; k++) {
            double score = Silhouette.score(x, KMeans.run(x, k, 42).labels());
            if (score > bestScore) {
                bestScore = score;
                best = k;
            }
        }
        assertEquals(3, best);
    }

    @Test
    void theChosenKComesWithItsSilhouetteWhichTellsKindsFromAContinuum() {
        // Five separated groups of 8 points in 31 dimensions (a discovery run's living finds): k = 5,
        // and a silhouette well above Kaufman and Rousseeuw's 0.5 for reasonable structure.
        Random random = new Random(3);
        double[][] kinds = new double[40][31];
        for (int i = 0; i < kinds.length; i++) {
            for (int j = 0; j < 31; j++) {
                kinds[i][j] = (j % 5 == i % 5 ? 6 : 0) + random.nextGaussian();
            }
        }
        ClusterAnalysis.Best found = ClusterAnalysis.silhouetteK(kinds, 42);
        assertEquals(5, found.k());
        assertTrue(found.silhouette() > 0.5, "silhouette " + found.silhouette());
        // The same number of points spread evenly through the cube: some k is still "best", but its
        // silhouette says there are no kinds.
        double[][] continuum = new double[40][31];
        for (double[] row : continuum) {
            for (int j = 0; j < 31; j++) {
                row[j] = random.nextDouble();
            }
        }
        double spread = ClusterAnalysis.silhouetteK(continuum, 42).silhouette();
        assertTrue(spread < 0.25, "silhouette " + spread);
        assertEquals("reasonable structure", Silhouette.reading(found.silhouette()));
        assertTrue(Silhouette.reading(spread).startsWith("no substantial structure"), Silhouette.reading(spread));
        assertEquals("strong structure", Silhouette.reading(0.71));
        assertEquals("weak structure", Silhouette.reading(0.5));
        assertEquals(1, ClusterAnalysis.silhouetteK(new double[][] {{1, 2}, {3, 4}}, 42).k());
        assertTrue(Double.isNaN(ClusterAnalysis.silhouetteK(new double[][] {{1, 2}, {3, 4}}, 42).silhouette()));
    }

    @Test
    void standardisingCentresScalesAndFillsMissingValues() {
        double[][] z = Matrices.standardise(new double[][] {{1, 5, Double.NaN}, {3, 5, 2}, {5, 5, 4}});
        assertArrayEquals(new double[] {-Math.sqrt(1.5), 0, 0}, z[0], 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(1.5), 0, 1}, z[2], 1e-12);
    }
}
