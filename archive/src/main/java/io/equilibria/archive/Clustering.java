package io.equilibria.archive;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest grouping of the archive's entries by likeness (`equilibria cluster`), kept so that the
 * browser can show and filter by it.
 *
 * @param created when it was computed
 * @param on what was compared: {@code descriptors} or {@code pixels}
 * @param status the status the entries were filtered by, or empty for all evaluated entries
 * @param seed the seed of k-means++ and of the samples (the same seed gives the same labels)
 * @param k the number of clusters
 * @param automatic whether k was chosen by the silhouette
 * @param silhouetteByK mean silhouette for each k tried
 * @param silhouette mean silhouette of the chosen clustering
 * @param cumulativeVariance fraction of the variance the first 1, 2, ... principal components explain
 * @param componentsFor70 how many principal components explain 70% of the variance
 * @param labels cluster of each entry (0 is the largest)
 * @param coordinates each entry's first three principal coordinates
 */
public record Clustering(Instant created, String on, String status, long seed, int k, boolean automatic,
        Map<Integer, Double> silhouetteByK, double silhouette, List<Double> cumulativeVariance, int componentsFor70,
        Map<String, Integer> labels, Map<String, List<Double>> coordinates) {
    public Clustering {
        status = status == null ? "" : status;
        silhouetteByK = java.util.Collections.unmodifiableMap(new TreeMap<>(silhouetteByK));
        cumulativeVariance = List.copyOf(cumulativeVariance);
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        coordinates = java.util.Collections.unmodifiableMap(new TreeMap<>(coordinates));
    }

    /** Members of each cluster, by label. */
    public Map<Integer, List<String>> members() {
        Map<Integer, List<String>> members = new TreeMap<>();
        labels.forEach((id, label) -> members.computeIfAbsent(label, l -> new java.util.ArrayList<>()).add(id));
        return members;
    }
}
