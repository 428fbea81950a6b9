package io.equilibria.archive.cluster;

/**
 * The silhouette of a clustering (Rousseeuw 1987), with Euclidean distances: for each point, a =
 * mean distance to the other members of its cluster, b = the smallest mean distance to the members
 * of another cluster, s = (b − a) / max(a, b), and 0 for a point alone in its cluster. The score is
 * the mean of s, in [−1, 1]: higher means tighter, better separated clusters.
 */
public final class Silhouette {
    /** Above this many points the score is computed on a seeded sample of this many (as scikit-learn's sample_size). */
    public static final int SAMPLE = 2000;

    private Silhouette() {}

    /**
     * What a mean silhouette says about the structure, by Kaufman and Rousseeuw's reading: above 0.7
     * strong, above 0.5 reasonable, above 0.25 weak (and could be artificial), otherwise none: the
     * points vary continuously and any k fits about as well as another.
     */
    public static String reading(double silhouette) {
        if (Double.isNaN(silhouette)) {
            return "no structure to read";
        }
        return silhouette > 0.7 ? "strong structure" : silhouette > 0.5 ? "reasonable structure"
                : silhouette > 0.25 ? "weak structure" : "no substantial structure: the entries vary continuously";
    }

    /** The mean silhouette over all points; NaN when there are fewer than two clusters. */
    public static double score(double[][] x, int[] labels) {
        int k = 0;
        for (int label : labels) {
            k = Math.max(k, label + 1);
        }
        int[] size = new int[k];
        for (int label : labels) {
            size[label]++;
        }
        int occupied = 0;
        for (int s : size) {
            occupied += s > 0 ? 1 : 0;
        }
        if (occupied < 2) {
            return Double.NaN;
        }
        double total = 0;
        double[] sums = new double[k];
        for (int i = 0; i < x.length; i++) {
            java.util.Arrays.fill(sums, 0);
            for (int j = 0; j < x.length; j++) {
                if (j != i) {
                    sums[labels[j]] += Matrices.distance(x[i], x[j]);
                }
            }
            int own = labels[i];
            if (size[own] == 1) {
                continue; // s = 0
            }
            double a = sums[own] / (size[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && size[c] > 0) {
                    b = Math.min(b, sums[c] / size[c]);
                }
            }
            double m = Math.max(a, b);
            total += m == 0 ? 0 : (b - a) / m;
        }
        return total / x.length;
    }

    /** The score over a seeded sample of at most {@link #SAMPLE} points. */
    public static double sampled(double[][] x, int[] labels, long seed) {
        if (x.length <= SAMPLE) {
            return score(x, labels);
        }
        int[] which = Matrices.sample(x.length, SAMPLE, seed);
        int[] l = new int[which.length];
        for (int i = 0; i < which.length; i++) {
            l[i] = labels[which[i]];
        }
        return score(Matrices.rows(x, which), l);
    }
}
