package io.equilibria.evolve.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.archive.Entry;
import io.equilibria.archive.Query;
import io.equilibria.archive.Rating;
import io.equilibria.archive.Sort;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import io.equilibria.fitness.Descriptor;
import io.equilibria.fitness.Evaluation;
import io.equilibria.fitness.Score;
import io.equilibria.fitness.TelemetrySummary;
import io.equilibria.training.Outcome;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artist steers: ratings that favour one region of behaviour and reject another move what the
 * next generations breed toward the favoured one. A pretend evaluator makes the behaviour a known
 * function of the genes (each descriptor feature one unit gene), so the measure is exact and the
 * test fast; the search, its archive and its objectives are the real ones.
 */
public class SteeringTest {
    @TempDir
    Path dir;

    private static final int POPULATION = 8;
    private static final int GENERATIONS = 10;
    /** Generations from which the bred finds are measured. */
    private static final int LATER = 4;

    /** Every individual alive and steady; its descriptor is its unit genes. */
    private static final class Pretend implements Evaluator {
        private final GenomeCodec codec;

        Pretend(GenomeCodec codec) {
            this.codec = codec;
        }

        @Override
        public String device() {
            return "pretend";
        }

        @Override
        public Evaluation evaluate(Genome genome, RunConfig run, BooleanSupplier stop) {
            double[] units = codec.units(genome);
            Map<String, Double> d = new LinkedHashMap<>();
            for (int i = 0; i < Descriptor.NAMES.size(); i++) {
                d.put(Descriptor.NAMES.get(i), units[i % units.length]);
            }
            byte[] png = io.equilibria.training.SampleSheet.png(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB));
            return new Evaluation(Outcome.COMPLETED, "", new Score(0.9, "alive", "pretend"), d,
                    new TelemetrySummary("completed", "", 20, 0.1, 2, 1, 1, 1, 1, 0.1, 0.1, 0.01, 0.01, 0.5), png, png,
                    png, png, "step\n".getBytes(), "pretend", null);
        }

        @Override
        public void close() {}
    }

    private static SearchConfig config(String objective, int generations) {
        return new SearchConfig("tiny", POPULATION, generations, 20, 0, objective, 0.5, 0.5, 15, 7);
    }

    private static double distance(Entry e, double[] to) {
        double[] v = Descriptor.vector(e.descriptor());
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += (v[i] - to[i]) * (v[i] - to[i]);
        }
        return Math.sqrt(s);
    }

    /** Mean distance to {@code target} of the entries bred in generations {@code from} and later. */
    private static double meanDistance(Archive archive, String run, int from, double[] target) {
        return archive.list(new Query(Sort.CREATED, true, null, run, 0, 10_000)).entries().stream()
                .filter(e -> e.generation() >= from).mapToDouble(e -> distance(e, target)).average().orElseThrow();
    }

    private static double[] centroid(List<Entry> entries) {
        double[] c = new double[Descriptor.NAMES.size()];
        for (Entry e : entries) {
            double[] v = Descriptor.vector(e.descriptor());
            for (int i = 0; i < c.length; i++) {
                c[i] += v[i] / entries.size();
            }
        }
        return c;
    }

    /**
     * A search's first generation, rated: the finds nearest a corner of the behaviour space favoured
     * (5 stars), the farthest from it rejected.
     *
     * @return the centroids of the favoured and of the rejected finds (of the nearest and the
     *     farthest find when none is)
     */
    private double[][] rateFirstGeneration(Archive archive, String run, int favourites, int rejections) {
        List<Entry> first = archive.list(new Query(Sort.CREATED, true, null, run, 0, 100)).entries();
        double[] corner = new double[Descriptor.NAMES.size()]; // low genes everywhere
        List<Entry> byDistance = first.stream().sorted(Comparator.comparingDouble(e -> distance(e, corner))).toList();
        List<Entry> liked = byDistance.subList(0, favourites);
        List<Entry> disliked = byDistance.subList(byDistance.size() - rejections, byDistance.size());
        liked.forEach(e -> archive.rate(e.id(), new Rating.Change(5, true, null, null, false)));
        disliked.forEach(e -> archive.rate(e.id(), Rating.Change.asRejected()));
        return new double[][] {centroid(byDistance.subList(0, Math.max(1, favourites))),
            centroid(byDistance.subList(byDistance.size() - Math.max(1, rejections), byDistance.size()))};
    }

    /** Mean distances of the later generations' finds to the favoured and to the rejected centroid. */
    private double[] bredDistances(String objective, int favourites, int rejections) {
        try (Archive archive = Archive.open(dir.resolve(objective + favourites + rejections + ".db"))) {
            SearchConfig c = config(objective, 1);
            GenomeCodec codec = new GenomeCodec(c.bounds(), c.seed());
            try (Pretend evaluator = new Pretend(codec)) {
                new Search(archive, "run", c, evaluator, g -> true, new Search.Listener() {}).run(() -> false);
                double[][] targets = rateFirstGeneration(archive, "run", favourites, rejections);
                Search more = new Search(archive, "run", config(objective, GENERATIONS), evaluator, g -> true,
                        new Search.Listener() {});
                more.run(() -> false);
                if (objective.equals("steered")) {
                    assertNotNull(more.preference(), "the ratings make a model");
                    assertEquals(favourites + rejections, more.preference().size());
                } else {
                    assertNull(more.preference());
                }
                return new double[] {meanDistance(archive, "run", LATER, targets[0]),
                    meanDistance(archive, "run", LATER, targets[1])};
            }
        }
    }

    @Test
    void ratingsThatFavourARegionMoveTheNextGenerationsTowardItAndAwayFromARejectedOne() {
        double[] steered = bredDistances("steered", 2, 2);
        double[] unsteered = bredDistances("nsga2", 2, 2);
        // Measured: 1.50 against 2.11 to the favourites, 1.81 against 1.80 to the rejected.
        assertTrue(steered[0] < 0.9 * unsteered[0], "toward the favourites: mean distance " + steered[0]
                + " with the preference against " + unsteered[0] + " without");
        assertTrue(steered[1] > unsteered[1], "away from the rejected: " + steered[1] + " against " + unsteered[1]);
    }

    /**
     * One rejection alone steers: a single rated find is measured by the spread of the finds around
     * it. By the floor spread alone it predicted every other find neutral, and the steered search
     * bred exactly what the unsteered one did.
     */
    @Test
    void aSingleRejectionMovesTheNextGenerationsAwayFromIt() {
        double[] steered = bredDistances("steered", 0, 1);
        double[] unsteered = bredDistances("nsga2", 0, 1);
        // Measured: 2.25 against 2.13.
        assertTrue(steered[1] > unsteered[1] + 0.05, "away from the rejected: " + steered[1] + " against "
                + unsteered[1]);
    }
}
