package io.equilibria.archive.cluster;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Clustering;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Page;
import io.equilibria.archive.Query;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import io.equilibria.config.Side;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * The Latent Fabrics workflow over an archive: group the entries by likeness with k-means (k chosen
 * by the silhouette over 2..19, or given), and project them with PCA to see the groups and how many
 * directions the variety needs.
 *
 * <p>Entries are compared by their standardised behaviour descriptors, or, as in the seed, by their
 * standardised pixels (A and B thumbnails side by side, reduced to {@value #PIXEL_SIDE} pixels
 * square each). k-means and the silhouette work on the standardised features when there are few,
 * and on the first {@value #CLUSTER_COMPONENTS} principal coordinates when there are many (pixels),
 * which keeps a 10,000-entry archive to seconds.
 */
public final class ClusterAnalysis {
    /** k tried when it is chosen automatically: 2..19, as in the seed. */
    public static final int K_MIN = 2;
    public static final int K_MAX = 19;
    static final int PIXEL_SIDE = 24;
    static final int CLUSTER_COMPONENTS = 50;
    /** k-means runs whose silhouettes are averaged per k (see {@link #meanSilhouette}). */
    static final int REPEATS = 10;
    static final int FEW_FEATURES = 64;
    private static final int PAGE = 500;

    /** What entries are compared by. */
    public enum On implements io.equilibria.config.Choice {
        DESCRIPTORS, PIXELS;

        public static On parse(String text) {
            for (On on : values()) {
                if (on.name().equalsIgnoreCase(text)) {
                    return on;
                }
            }
            throw new IllegalArgumentException("--on: \"" + text + "\" is not descriptors or pixels");
        }

    }

    /**
     * @param k the number of clusters, or 0 to choose it by the silhouette
     * @param status only entries with this status, or null for every entry that was evaluated
     */
    public record Options(int k, On on, Status status, long seed) {}

    /**
     * What was found, in the order of {@code ids}.
     *
     * @param coordinates each entry's first three principal coordinates (fewer when the data has fewer)
     */
    public record Result(Clustering clustering, List<String> ids, int[] labels, double[][] coordinates, Pca pca) {}

    private ClusterAnalysis() {}

    public static Result run(ArchiveView archive, Options options, Consumer<String> log) {
        List<Entry> entries = entries(archive, options);
        int n = entries.size();
        if (n < 3) {
            throw new ArchiveException("clustering needs at least 3 entries" + (options.on() == On.PIXELS
                    ? " with thumbnails" : " with behaviour descriptors") + (options.status() == null ? ""
                    : " and status " + options.status().jsonName()) + "; archive " + archive.file() + " has " + n);
        }
        if (options.k() != 0 && (options.k() < 2 || options.k() >= n)) {
            throw new ArchiveException("--k " + options.k() + ": must be between 2 and " + (n - 1) + " for " + n
                    + " entries");
        }
        log.accept(String.format("cluster: %,d entries, by %s", n, options.on().jsonName()));
        double[][] raw = options.on() == On.PIXELS ? pixels(archive, entries, log) : descriptors(entries);
        double[][] z = Matrices.standardise(raw);
        Pca pca = Pca.fit(z, options.seed());
        double[][] space = z[0].length <= FEW_FEATURES ? z : pca.project(z, CLUSTER_COMPONENTS);
        Map<Integer, Double> silhouettes = new TreeMap<>();
        KMeans.Result best = null;
        if (options.k() != 0) {
            best = KMeans.run(space, options.k(), options.seed());
            silhouettes.put(options.k(), Silhouette.sampled(space, best.labels(), options.seed()));
        } else {
            double bestScore = Double.NEGATIVE_INFINITY;
            int last = Math.min(K_MAX, n - 1);
            for (int k = K_MIN; k <= last; k++) {
                KMeans.Result r = KMeans.run(space, k, options.seed());
                double score = meanSilhouette(space, k, options.seed(), r);
                silhouettes.put(k, score);
                log.accept(String.format("cluster: k = %2d  silhouette %.4f", k, score));
                if (score > bestScore) {
                    bestScore = score;
                    best = r;
                }
            }
        }
        double[][] coordinates = pca.project(z, 3);
        Map<String, Integer> labels = new LinkedHashMap<>();
        Map<String, List<Double>> coords = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = entries.get(i).id();
            ids.add(id);
            labels.put(id, best.labels()[i]);
            List<Double> c = new ArrayList<>();
            for (double v : coordinates[i]) {
                c.add(v);
            }
            coords.put(id, c);
        }
        List<Double> cumulative = new ArrayList<>();
        for (double v : pca.cumulative()) {
            cumulative.add(v);
            if (cumulative.size() == 100) {
                break;
            }
        }
        Clustering clustering = new Clustering(Instant.now(), options.on().jsonName(),
                options.status() == null ? "" : options.status().jsonName(), options.seed(), best.k(), options.k() == 0,
                silhouettes, silhouettes.get(best.k()), cumulative, pca.componentsFor(0.7), labels, coords);
        return new Result(clustering, ids, best.labels(), coordinates, pca);
    }

    /**
     * The k of a clustering chosen by the silhouette, and that silhouette: the mean over the points
     * of how much nearer each is to its own cluster than to the next (−1..1; by Kaufman and
     * Rousseeuw's reading, up to 0.25 no substantial structure, 0.26–0.50 weak, above 0.5 reasonable).
     */
    public record Best(int k, double silhouette) {}

    /**
     * The k (2..19, fewer than the rows) whose k-means clustering of the standardised rows of
     * {@code raw} has the best silhouette, with that silhouette; k = 1 (silhouette NaN) for fewer
     * than 3 rows.
     */
    public static Best silhouetteK(double[][] raw, long seed) {
        if (raw.length < 3) {
            return new Best(raw.length == 0 ? 0 : 1, Double.NaN);
        }
        double[][] z = Matrices.standardise(raw);
        int best = 1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = K_MIN; k <= Math.min(K_MAX, raw.length - 1); k++) {
            double score = meanSilhouette(z, k, seed, KMeans.run(z, k, seed));
            if (score > bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return new Best(best, bestScore);
    }

    /**
     * The silhouette of k clusters, averaged over {@value #REPEATS} k-means runs from successive
     * seeds when there are at most {@link Silhouette#SAMPLE} points ({@code first} is the run from
     * {@code seed}). With few points one run's silhouette depends on its seeding as much as on the
     * data: over the 34 living finds of a discovery run, single runs from seeds 0-9 picked k = 2, 5,
     * 2, 9, 8, 4, 2, 6, 2, 3; averaged, 2 for eight of those seeds and 3 for two (over another
     * run's 34 living finds, 2 for all ten).
     */
    static double meanSilhouette(double[][] x, int k, long seed, KMeans.Result first) {
        double sum = Silhouette.sampled(x, first.labels(), seed);
        if (x.length > Silhouette.SAMPLE) {
            return sum;
        }
        for (int i = 1; i < REPEATS; i++) {
            sum += Silhouette.score(x, KMeans.run(x, k, seed + i).labels());
        }
        return sum / REPEATS;
    }

    /** The entries to compare, oldest first (a stable order: the same archive gives the same labels). */
    private static List<Entry> entries(ArchiveView archive, Options options) {
        List<Entry> chosen = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            Page page = archive.list(new Query(Sort.CREATED, true, options.status(), null, offset, PAGE));
            for (Entry e : page.entries()) {
                boolean usable = options.on() == On.PIXELS
                        ? e.status() != Status.PENDING && e.status() != Status.FAILED // they have no thumbnails
                        : !e.descriptor().isEmpty();
                if (usable) {
                    chosen.add(e);
                }
            }
            if (page.entries().size() < PAGE) {
                return chosen;
            }
        }
    }

    private static double[][] descriptors(List<Entry> entries) {
        TreeSet<String> names = new TreeSet<>();
        entries.forEach(e -> names.addAll(e.descriptor().keySet()));
        List<String> order = new ArrayList<>(names);
        double[][] x = new double[entries.size()][order.size()];
        for (int i = 0; i < x.length; i++) {
            Map<String, Double> d = entries.get(i).descriptor();
            for (int j = 0; j < order.size(); j++) {
                Double v = d.get(order.get(j));
                x[i][j] = v == null || v.isInfinite() ? Double.NaN : v;
            }
        }
        return x;
    }

    /** The entries' A and B thumbnails, reduced to {@value #PIXEL_SIDE} pixels square, as rows of RGB in [0, 1]. */
    public static double[][] pixels(ArchiveView archive, List<Entry> entries, Consumer<String> log) {
        int side = PIXEL_SIDE;
        double[][] x = new double[entries.size()][2 * side * side * 3];
        for (int i = 0; i < x.length; i++) {
            String id = entries.get(i).id();
            int at = 0;
            for (Side s : Side.values()) {
                BufferedImage small = scaled(thumbnail(archive, id, s), side, side);
                for (int y = 0; y < side; y++) {
                    for (int xx = 0; xx < side; xx++) {
                        int rgb = small.getRGB(xx, y);
                        x[i][at++] = ((rgb >> 16) & 0xff) / 255.0;
                        x[i][at++] = ((rgb >> 8) & 0xff) / 255.0;
                        x[i][at++] = (rgb & 0xff) / 255.0;
                    }
                }
            }
            if ((i + 1) % 1000 == 0) {
                log.accept(String.format("cluster: %,d of %,d thumbnails read", i + 1, x.length));
            }
        }
        return x;
    }

    /** An entry's thumbnail of A or B. */
    public static BufferedImage thumbnail(ArchiveView archive, String id, Side side) {
        return decode(archive.thumbnail(id, side)
                .orElseThrow(() -> new ArchiveException("entry " + id + " has no thumbnail of " + side)), id, side);
    }

    /** A thumbnail's PNG bytes as a picture. */
    static BufferedImage decode(byte[] png, String id, Side side) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new ArchiveException("entry " + id + ": its thumbnail of " + side + " is not an image");
            }
            return image;
        } catch (IOException e) {
            throw new ArchiveException("entry " + id + ": its thumbnail of " + side + " cannot be read (" + e.getMessage()
                    + ")");
        }
    }

    /** Scaled by halving steps while far from the target (bilinear alone would alias). */
    static BufferedImage scaled(BufferedImage image, int width, int height) {
        while (image.getWidth() >= 2 * width && image.getHeight() >= 2 * height) {
            image = scaledOnce(image, image.getWidth() / 2, image.getHeight() / 2);
        }
        return scaledOnce(image, width, height);
    }

    private static BufferedImage scaledOnce(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }
}
