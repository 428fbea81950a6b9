package io.equilibria.archive.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.Well19937c;

/**
 * k-means with k-means++ seeding (Commons Math), the best of a few seeded trials by within-cluster
 * variance. Labels are renumbered so that 0 is the largest cluster (ties: the one whose first member
 * comes first): the same data and seed give the same labels.
 */
public final class KMeans {
    static final int MAX_ITERATIONS = 300;
    static final int TRIALS = 3;

    /** @param labels cluster of each point, 0..k-1 */
    public record Result(int k, int[] labels, double[][] centroids) {}

    private KMeans() {}

    private record Point(int index, double[] getPoint) implements Clusterable {}

    public static Result run(double[][] x, int k, long seed) {
        if (k < 1 || k > x.length) {
            throw new IllegalArgumentException("k = " + k + " for " + x.length + " points");
        }
        List<Point> points = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            points.add(new Point(i, x[i]));
        }
        var clusterer = new KMeansPlusPlusClusterer<Point>(k, MAX_ITERATIONS, new EuclideanDistance(),
                new Well19937c(seed));
        List<CentroidCluster<Point>> clusters = new ArrayList<>(new MultiKMeansPlusPlusClusterer<>(clusterer, TRIALS)
                .cluster(points));
        clusters.removeIf(c -> c.getPoints().isEmpty());
        clusters.sort(Comparator.<CentroidCluster<Point>>comparingInt(c -> -c.getPoints().size())
                .thenComparingInt(c -> c.getPoints().stream().mapToInt(Point::index).min().orElse(0)));
        int[] labels = new int[x.length];
        double[][] centroids = new double[clusters.size()][];
        for (int c = 0; c < clusters.size(); c++) {
            for (Point p : clusters.get(c).getPoints()) {
                labels[p.index()] = c;
            }
            centroids[c] = clusters.get(c).getCenter().getPoint().clone();
        }
        return new Result(clusters.size(), labels, centroids);
    }
}
