package io.equilibria.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much the artist will like a find, predicted from the finds they rated: a kernel regression
 * (Nadaraya–Watson) over the behaviour descriptors.
 *
 * <p>Each rated find is evidence at its descriptor: its stars (1–5), a favourite half a star more
 * (an unstarred favourite 4.5), a rejection 0, below every star, so that a rejected find pulls its
 * neighbourhood down. A find's prediction is the evidence averaged with Gaussian weights on the
 * distance to each rated find, plus a prior of {@link #PRIOR_WEIGHT} rated finds' worth at the mean
 * rating, so that far from everything rated the prediction is that mean. Distances are taken after
 * standardising each feature by its spread among the rated finds (at least {@link #MIN_SPREAD});
 * the kernel's width is the median distance between rated finds (at least 1). Refitted from all
 * ratings whenever asked: a rating changes the next prediction.
 */
public final class Preference {
    /** Weight of the mean rating in every prediction, in rated finds. */
    static final double PRIOR_WEIGHT = 0.5;
    static final double MIN_SPREAD = 0.1;
    /** A rated find counts as "near" in a reason when its weight is at least this. */
    static final double NEAR = 0.5;

    /** One rated find: where it is and what the artist said. */
    public record Rated(String id, double[] descriptor, Rating rating) {}

    private final List<Rated> rated;
    private final List<String> features;
    private final double[] mean;
    private final double[] spread;
    private final double width;
    private final double prior;

    private Preference(List<Rated> rated, List<String> features) {
        this.rated = List.copyOf(rated);
        this.features = List.copyOf(features);
        int d = features.size();
        mean = new double[d];
        spread = new double[d];
        for (Rated r : rated) {
            for (int j = 0; j < d; j++) {
                mean[j] += r.descriptor()[j] / rated.size();
            }
        }
        for (Rated r : rated) {
            for (int j = 0; j < d; j++) {
                spread[j] += Math.pow(r.descriptor()[j] - mean[j], 2) / rated.size();
            }
        }
        for (int j = 0; j < d; j++) {
            spread[j] = Math.max(MIN_SPREAD, Math.sqrt(spread[j]));
        }
        List<Double> distances = new ArrayList<>();
        for (int i = 0; i < rated.size(); i++) {
            for (int k = i + 1; k < rated.size(); k++) {
                distances.add(distance(rated.get(i).descriptor(), rated.get(k).descriptor()));
            }
        }
        double median = distances.isEmpty() ? 1 : distances.stream().sorted().toList().get(distances.size() / 2);
        width = Math.max(1, median);
        prior = rated.stream().mapToDouble(r -> value(r.rating())).average().orElse(3);
    }

    /**
     * The model of these ratings, or null when there is none to learn from (no rated find with a
     * descriptor).
     *
     * @param features the descriptor's feature names, in the order of the vectors
     */
    public static Preference fit(List<Rated> rated, List<String> features) {
        List<Rated> usable = rated.stream().filter(r -> r.rating() != null && (r.rating().stars() > 0
                || r.rating().favourite() || r.rating().rejected())).toList();
        return usable.isEmpty() ? null : new Preference(usable, features);
    }

    /** The rated entries of {@code archive} with a descriptor, as the model's evidence. */
    public static List<Rated> ratedIn(ArchiveView archive, List<String> features) {
        List<Rated> out = new ArrayList<>();
        for (Row row : archive.rows(new Query(Sort.RATING, false, null, null, null, 0, Integer.MAX_VALUE, "rated"))
                .rows()) {
            archive.entry(row.id()).filter(e -> !e.descriptor().isEmpty())
                    .ifPresent(e -> out.add(new Rated(e.id(), vector(e.descriptor(), features), e.rating())));
        }
        return out;
    }

    /** A stored descriptor as a vector in {@code features}' order (missing features are 0). */
    public static double[] vector(Map<String, Double> descriptor, List<String> features) {
        double[] v = new double[features.size()];
        for (int i = 0; i < v.length; i++) {
            Double x = descriptor.get(features.get(i));
            v[i] = x == null || !Double.isFinite(x) ? 0 : x;
        }
        return v;
    }

    /** The evidence a rating gives: stars, a favourite half a star more (alone 4.5), a rejection 0. */
    static double value(Rating r) {
        if (r.rejected()) {
            return 0;
        }
        if (r.stars() == 0) {
            return r.favourite() ? 4.5 : 3;
        }
        return r.stars() + (r.favourite() ? 0.5 : 0);
    }

    private double distance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = (a[j] - b[j]) / spread[j];
            s += t * t;
        }
        return Math.sqrt(s);
    }

    private double[] weights(double[] x) {
        double[] w = new double[rated.size()];
        for (int i = 0; i < w.length; i++) {
            double d = distance(x, rated.get(i).descriptor()) / width;
            w[i] = Math.exp(-0.5 * d * d);
        }
        return w;
    }

    /** The predicted rating of a find at {@code descriptor}, in [0, 5.5] (stars; 0: as if rejected). */
    public double predict(double[] descriptor) {
        double[] w = weights(descriptor);
        double num = PRIOR_WEIGHT * prior;
        double den = PRIOR_WEIGHT;
        for (int i = 0; i < w.length; i++) {
            num += w[i] * value(rated.get(i).rating());
            den += w[i];
        }
        return num / den;
    }

    /** The prediction in words: "predicted 4.1 stars: near 3 favourites and 1 rejected find". */
    public String reason(double[] descriptor) {
        double[] w = weights(descriptor);
        int favourites = 0;
        int rejected = 0;
        int starred = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] < NEAR) {
                continue;
            }
            Rating r = rated.get(i).rating();
            if (r.rejected()) {
                rejected++;
            } else if (r.favourite()) {
                favourites++;
            } else {
                starred++;
            }
        }
        List<String> near = new ArrayList<>();
        if (favourites > 0) {
            near.add(favourites + (favourites == 1 ? " favourite" : " favourites"));
        }
        if (starred > 0) {
            near.add(starred + (starred == 1 ? " starred find" : " starred finds"));
        }
        if (rejected > 0) {
            near.add(rejected + (rejected == 1 ? " rejected find" : " rejected finds"));
        }
        return String.format(Locale.ROOT, "predicted %.1f stars: %s", predict(descriptor), near.isEmpty()
                ? "far from every rated find (the mean rating, " + String.format(Locale.ROOT, "%.1f", prior) + ")"
                : "near " + String.join(" and ", near));
    }

    /** How many rated finds the model learned from. */
    public int size() {
        return rated.size();
    }

    @Override
    public String toString() {
        return "Preference of " + rated.size() + " ratings over " + features.size() + " features, width "
                + String.format(Locale.ROOT, "%.2f", width);
    }
}
