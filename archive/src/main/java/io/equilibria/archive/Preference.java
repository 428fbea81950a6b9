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
 * neighbourhood down; a find known only from the compare page's answers counts at its
 * Bradley–Terry strength on the same scale. A find's prediction is the evidence averaged with Gaussian weights on the
 * distance to each rated find, plus a prior of {@link #PRIOR_WEIGHT} rated finds' worth at
 * {@link #NEUTRAL}, so that far from everything rated the prediction is neutral. Distances are taken after
 * standardising each feature by its spread among the rated finds (at least {@link #MIN_SPREAD});
 * the kernel's width is the median distance between rated finds (at least 1). A single rated find
 * has no spread: then the spread is the archive's finds', and the width half the median distance
 * from the rated find to them (with the floor alone, one favourite lifted no other find by even a
 * thousandth of a star). Refitted from all ratings whenever asked: a rating changes the next
 * prediction.
 */
public final class Preference {
    /** Weight of the mean rating in every prediction, in rated finds. */
    static final double PRIOR_WEIGHT = 0.5;
    static final double MIN_SPREAD = 0.1;
    /**
     * How many of an archive's finds (the newest) set the scale of a single rating: plenty for a
     * spread, and one listing of them stays small through a running search's owner.
     */
    static final int SCALE_FINDS = 500;
    /**
     * What a find far from everything rated is predicted: between a rejection (0) and five stars.
     * Not the mean rating: after one favourite alone that mean would be predicted everywhere, and
     * the model would tell nothing apart.
     */
    static final double NEUTRAL = 2.5;
    /** A rated find counts as "near" in a reason when its weight is at least this. */
    static final double NEAR = 0.5;

    /** What the artist said of a rated find, in the order a reason names them. */
    public enum Kind {
        FAVOURITE("favourite"), STARRED("starred find"),
        /** Known only from comparisons. */
        COMPARED("compared find"), REJECTED("rejected find");

        /** What a rated find of this kind is called in a reason. */
        final String noun;

        Kind(String noun) {
            this.noun = noun;
        }
    }

    /**
     * One find the artist said something of: where it is, the evidence as stars, and its kind, for
     * reasons.
     */
    public record Rated(String id, double[] descriptor, double value, Kind kind) {
        static Rated of(String id, double[] descriptor, Rating r) {
            return new Rated(id, descriptor, Preference.value(r), r.rejected() ? Kind.REJECTED
                    : r.favourite() ? Kind.FAVOURITE : Kind.STARRED);
        }
    }

    private final List<Rated> rated;
    private final List<String> features;
    private final double[] spread;
    private final double width;

    /**
     * @param others descriptors of the finds around the ratings (the archive's evaluated finds);
     *     they set the scale only when a single find is rated
     */
    private Preference(List<Rated> rated, List<String> features, List<double[]> others) {
        this.rated = List.copyOf(rated);
        this.features = List.copyOf(features);
        List<Double> distances = new ArrayList<>();
        if (rated.size() == 1 && others.size() >= 2) {
            // One rated find has no spread to measure distances by; the finds around it do. The
            // kernel then reaches half as far as the median find, so the nearer half of the finds
            // feel the rating and the farther ones hardly.
            spread = spread(others, MIN_SPREAD);
            others.forEach(o -> distances.add(distance(rated.getFirst().descriptor(), o) / 2));
        } else {
            spread = spread(rated.stream().map(Rated::descriptor).toList(), MIN_SPREAD);
            for (int i = 0; i < rated.size(); i++) {
                for (int k = i + 1; k < rated.size(); k++) {
                    distances.add(distance(rated.get(i).descriptor(), rated.get(k).descriptor()));
                }
            }
        }
        double median = distances.isEmpty() ? 1 : distances.stream().sorted().toList().get(distances.size() / 2);
        width = Math.max(1, median);
    }

    /**
     * Each feature's spread (population standard deviation) over {@code vectors}, at least
     * {@code floor}: the scale distances are standardised by.
     */
    public static double[] spread(List<double[]> vectors, double floor) {
        int d = vectors.isEmpty() ? 0 : vectors.getFirst().length;
        double[] mean = new double[d];
        for (double[] v : vectors) {
            for (int j = 0; j < d; j++) {
                mean[j] += v[j] / vectors.size();
            }
        }
        double[] spread = new double[d];
        for (double[] v : vectors) {
            for (int j = 0; j < d; j++) {
                spread[j] += (v[j] - mean[j]) * (v[j] - mean[j]) / vectors.size();
            }
        }
        for (int j = 0; j < d; j++) {
            spread[j] = Math.max(floor, Math.sqrt(spread[j]));
        }
        return spread;
    }

    /** The Euclidean distance of {@code a} and {@code b} with each feature divided by its {@code spread}. */
    public static double distance(double[] a, double[] b, double[] spread) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = (a[j] - b[j]) / spread[j];
            s += t * t;
        }
        return Math.sqrt(s);
    }

    /**
     * The model of these ratings, or null when there is none to learn from (no rated find with a
     * descriptor).
     *
     * @param features the descriptor's feature names, in the order of the vectors
     * @param others descriptors of the finds around the ratings; they set the scale only when a
     *     single find is rated
     */
    public static Preference fit(List<Rated> rated, List<String> features, List<double[]> others) {
        return rated.isEmpty() ? null : new Preference(rated, features, others);
    }

    /**
     * The model of the ratings in {@code archive} ({@link #ratedIn}); a single rated find is
     * measured against the archive's evaluated finds (the {@value #SCALE_FINDS} newest).
     */
    public static Preference fit(ArchiveView archive, List<String> features) {
        List<Rated> rated = ratedIn(archive, features);
        List<double[]> others = new ArrayList<>();
        if (rated.size() == 1) {
            for (Entry e : archive.list(new Query(Sort.CREATED, false, Status.EVALUATED, null, 0, SCALE_FINDS))
                    .entries()) {
                if (!e.descriptor().isEmpty()) {
                    others.add(vector(e.descriptor(), features));
                }
            }
        }
        return fit(rated, features, others);
    }

    /**
     * The evidence in {@code archive}: every rated entry with a descriptor (stars, favourite or
     * rejected; a note alone says nothing), and every entry known only from comparisons, at its
     * Bradley–Terry strength mapped onto stars ({@link #strengths}).
     */
    public static List<Rated> ratedIn(ArchiveView archive, List<String> features) {
        List<Rated> out = new ArrayList<>();
        java.util.Set<String> rated = new java.util.HashSet<>();
        for (Row row : archive.rows(new Query(Sort.RATING, false, null, null, null, 0, Integer.MAX_VALUE, "rated"))
                .rows()) {
            archive.entry(row.id()).filter(e -> !e.descriptor().isEmpty() && e.rating() != null
                    && (e.rating().stars() > 0 || e.rating().favourite() || e.rating().rejected())).ifPresent(e -> {
                        out.add(Rated.of(e.id(), vector(e.descriptor(), features), e.rating()));
                        rated.add(e.id());
                    });
        }
        strengths(archive.comparisons()).forEach((id, stars) -> {
            if (!rated.contains(id)) {
                archive.entry(id).filter(e -> !e.descriptor().isEmpty())
                        .ifPresent(e -> out.add(new Rated(id, vector(e.descriptor(), features), stars, Kind.COMPARED)));
            }
        });
        return out;
    }

    /**
     * Bradley–Terry strengths of the compared finds (Hunter's MM iterations, each find given one
     * virtual win and one virtual loss against an average find so that none goes to 0 or infinity),
     * mapped onto stars: 3 + ln(strength / geometric mean), clipped to [0.5, 5.5].
     */
    static Map<String, Double> strengths(List<Comparison> comparisons) {
        Map<String, Double> wins = new java.util.HashMap<>();
        Map<String, Map<String, Integer>> games = new java.util.HashMap<>();
        for (Comparison c : comparisons) {
            for (String[] w : c.wins()) {
                wins.merge(w[0], 1.0, Double::sum);
                wins.putIfAbsent(w[1], 0.0);
                games.computeIfAbsent(w[0], k -> new java.util.HashMap<>()).merge(w[1], 1, Integer::sum);
                games.computeIfAbsent(w[1], k -> new java.util.HashMap<>()).merge(w[0], 1, Integer::sum);
            }
        }
        Map<String, Double> p = new java.util.HashMap<>();
        wins.keySet().forEach(id -> p.put(id, 1.0));
        for (int iteration = 0; iteration < 100; iteration++) {
            Map<String, Double> next = new java.util.HashMap<>();
            for (String i : p.keySet()) {
                double denominator = 2 / (p.get(i) + 1); // the virtual win and loss against strength 1
                for (var g : games.getOrDefault(i, Map.of()).entrySet()) {
                    denominator += g.getValue() / (p.get(i) + p.get(g.getKey()));
                }
                next.put(i, (wins.get(i) + 1) / denominator);
            }
            p.putAll(next);
        }
        double logMean = p.values().stream().mapToDouble(Math::log).average().orElse(0);
        Map<String, Double> stars = new java.util.HashMap<>();
        p.forEach((id, v) -> stars.put(id, Math.max(0.5, Math.min(5.5, 3 + Math.log(v) - logMean))));
        return stars;
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
        return distance(a, b, spread);
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
        double num = PRIOR_WEIGHT * NEUTRAL;
        double den = PRIOR_WEIGHT;
        for (int i = 0; i < w.length; i++) {
            num += w[i] * rated.get(i).value();
            den += w[i];
        }
        return num / den;
    }

    /** The prediction in words: "predicted 4.1 stars: near 3 favourites and 1 rejected find". */
    public String reason(double[] descriptor) {
        double[] w = weights(descriptor);
        int[] near = new int[Kind.values().length];
        int nearest = 0;
        for (int i = 0; i < w.length; i++) {
            nearest = w[i] > w[nearest] ? i : nearest;
            if (w[i] >= NEAR) {
                near[rated.get(i).kind().ordinal()]++;
            }
        }
        List<String> counted = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            int n = near[kind.ordinal()];
            if (n > 0) {
                counted.add(n + " " + kind.noun + (n == 1 ? "" : "s"));
            }
        }
        double predicted = predict(descriptor);
        String far = "far from every rated find" + (Math.abs(predicted - NEUTRAL) < 0.05
                ? " (neutral, " + String.format(Locale.ROOT, "%.1f", NEUTRAL) + ")"
                : ", nearest a " + rated.get(nearest).kind().noun);
        return String.format(Locale.ROOT, "predicted %.1f stars: %s", predicted, counted.isEmpty() ? far
                : "near " + String.join(" and ", counted));
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
