package io.equilibria.fitness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Novelty search (Lehman &amp; Stanley): an individual's novelty is the mean distance from its
 * behaviour descriptor to its k nearest neighbours among the novelty archive and the current
 * population, with every feature standardised over a reference set (the run's evaluated entries)
 * and, for behaviour descriptors ({@link #ofDescriptors}), weighed so that each facet counts alike
 * ({@link Descriptor#facetWeights}).
 */
public final class Novelty {
    /** Null: no reference, every feature as it is. */
    private final Standardiser standardiser;
    /** Per-feature weights after standardising; null: none. */
    private final double[] weights;

    private Novelty(Standardiser standardiser, double[] weights) {
        this.standardiser = standardiser;
        this.weights = weights;
    }

    /**
     * Standardisation (mean 0, sample deviation 1 per feature) fitted to {@code reference}; none
     * (every feature as it is) for an empty one.
     */
    public static Novelty fittedTo(List<double[]> reference) {
        return new Novelty(reference.isEmpty() ? null : Standardiser.fit(reference, reference.getFirst().length,
                Standardiser.Deviation.SAMPLE, 1e-9), null);
    }

    /**
     * Novelty among behaviour descriptors ({@link Descriptor#NAMES}): standardised as {@link
     * #fittedTo}, then weighed by facet ({@link Descriptor#facetWeights}).
     *
     * @throws IllegalArgumentException if a reference vector is not a behaviour descriptor
     */
    public static Novelty ofDescriptors(List<double[]> reference) {
        double[] weights = Descriptor.facetWeights();
        for (double[] r : reference) {
            checkDescriptor(r, weights);
        }
        return new Novelty(Standardiser.fit(reference, weights.length, Standardiser.Deviation.SAMPLE, 1e-9), weights);
    }

    private static void checkDescriptor(double[] v, double[] weights) {
        if (v.length != weights.length) {
            throw new IllegalArgumentException("a behaviour descriptor has " + weights.length + " features, not "
                    + v.length);
        }
    }

    /** {@code v} with each feature centred and scaled as fitted, and weighed if weights apply (a new array). */
    public double[] standardise(double[] v) {
        double[] z = standardiser == null ? v.clone() : standardiser.apply(v);
        if (weights != null) {
            checkDescriptor(z, weights);
            for (int i = 0; i < z.length; i++) {
                z[i] *= weights[i];
            }
        }
        return z;
    }

    /**
     * Mean standardised (and weighed) distance from {@code x} to its {@code k} nearest {@code
     * neighbours} (fewer when there are fewer); 0 when there are none. The caller leaves {@code x}
     * itself out.
     */
    public double of(double[] x, List<double[]> neighbours, int k) {
        if (neighbours.isEmpty()) {
            return 0;
        }
        double[] zx = standardise(x);
        double[] d = new double[neighbours.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = distance(zx, standardise(neighbours.get(i)));
        }
        Arrays.sort(d);
        int n = Math.min(k, d.length);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += d[i];
        }
        return sum / n;
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    /**
     * The novelty archive: ids of individuals that were novel enough when they were evaluated, and
     * the entry threshold, which adapts: more than {@link Thresholds#NOVELTY_MANY} of a generation's
     * candidates entering raise it, {@link Thresholds#NOVELTY_STALL} generations without one lower it.
     */
    public static final class Archive {
        private final List<String> ids;
        private double threshold;
        private int addedThisGeneration;
        private int consideredThisGeneration;
        private int quietGenerations;

        /** A novelty archive as a search stored it. */
        public Archive(List<String> ids, double threshold, int quietGenerations) {
            this.ids = new ArrayList<>(ids);
            this.threshold = threshold;
            this.quietGenerations = quietGenerations;
        }

        /** A novelty archive with no entries, at the starting threshold. */
        public static Archive empty() {
            return new Archive(List.of(), Thresholds.NOVELTY_THRESHOLD_START, 0);
        }

        /** Adds {@code id} when its novelty passes the threshold; returns whether it did. */
        public boolean consider(String id, double novelty) {
            consideredThisGeneration++;
            if (novelty > threshold && !ids.contains(id)) {
                ids.add(id);
                addedThisGeneration++;
                return true;
            }
            return false;
        }

        /** Adapts the threshold at the end of a generation. */
        public void endGeneration() {
            if (addedThisGeneration > Math.max(1, Thresholds.NOVELTY_MANY * consideredThisGeneration)) {
                threshold *= 1 + Thresholds.NOVELTY_ADJUST;
                quietGenerations = 0;
            } else if (addedThisGeneration == 0) {
                quietGenerations++;
                if (quietGenerations >= Thresholds.NOVELTY_STALL) {
                    threshold *= 1 - Thresholds.NOVELTY_ADJUST;
                    quietGenerations = 0;
                }
            } else {
                quietGenerations = 0;
            }
            addedThisGeneration = 0;
            consideredThisGeneration = 0;
        }

        /** The ids of the entries in the archive, in the order they entered. */
        public List<String> ids() {
            return List.copyOf(ids);
        }

        /** The novelty an individual needs to enter (a standardised distance, above 0). */
        public double threshold() {
            return threshold;
        }

        /** Generations in a row in which nobody entered (the threshold falls after a few). */
        public int quietGenerations() {
            return quietGenerations;
        }
    }
}
