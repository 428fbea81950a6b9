package io.equilibria.evolve.cli;

import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Clustering;
import io.equilibria.archive.Status;
import io.equilibria.archive.cluster.Canvas;
import io.equilibria.archive.cluster.ClusterAnalysis;
import io.equilibria.archive.cluster.Silhouette;
import io.equilibria.archive.cluster.ClusterPictures;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code equilibria cluster}: group what a search found by likeness, and lay each group out. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Group the archive's entries by likeness with k-means (k chosen by the silhouette over 2..19),",
            "project them with PCA, and write plots, one canvas per cluster, and the labels into the archive.",
            "Works while a search runs (the search stores the labels)."})
public final class ClusterCommand implements Callable<Integer> {
    @Mixin
    ArchiveOption archive;

    @Option(names = "--k", paramLabel = "auto|N", defaultValue = "auto",
            description = "Number of clusters, or auto: the best silhouette over 2..19 (default: ${DEFAULT-VALUE}).")
    String k;

    @Option(names = "--on", paramLabel = "WHAT", defaultValue = "descriptors",
            description = "descriptors (behaviour descriptors) or pixels (A|B thumbnails), standardised"
                    + " (default: ${DEFAULT-VALUE}).")
    String on;

    @Option(names = "--status", paramLabel = "S", description = "Only entries with this status (default: every evaluated entry).")
    String status;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "clusters",
            description = "Where plots, canvases, clusters.csv and clustering.json go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of k-means++ and of the samples: the same seed gives the same clusters (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--canvas", paramLabel = "SIZE", defaultValue = "auto",
            description = "Canvas size: auto (thumbnails at their size), or for print 11x11in, 28x28cm, 3300x3300px"
                    + " (default: ${DEFAULT-VALUE}).")
    String canvas;

    @Option(names = "--dpi", paramLabel = "N", defaultValue = "300", description = "Resolution of a print canvas (default: ${DEFAULT-VALUE}).")
    int dpi;

    @Option(names = "--map", paramLabel = "X,Y", description = {"Instead: a MAP-Elites-style map over two descriptor",
        "features (e.g. a_colourfulness,a_spectral_slope), each cell its best living find, written as map-X-Y.png",
        "into --out, with the coverage."})
    String map;

    @Option(names = "--by", paramLabel = "WHAT", defaultValue = "score",
            description = "With --map: a cell's best find by score (combined) or preference (predicted).")
    String by;

    @Override
    public Integer call() throws java.io.IOException {
        if (map != null) {
            return drawMap();
        }
        ClusterAnalysis.Options options = new ClusterAnalysis.Options(parseK(), parseOn(), parseStatus(), seed);
        Canvas size;
        try {
            size = Canvas.parse(canvas, dpi);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(null, e.getMessage());
        }
        long started = System.nanoTime();
        try (ArchiveView view = Archive.read(archive.path)) {
            ClusterAnalysis.Result result = ClusterAnalysis.run(view, options, System.err::println);
            List<Path> files = ClusterPictures.write(view, result, size, out, System.err::println);
            view.saveClustering(result.clustering());
            Clustering c = result.clustering();
            List<Integer> tried = List.copyOf(c.silhouetteByK().keySet());
            String how = c.automatic() ? "k chosen by silhouette over " + tried.getFirst() + ".." + tried.getLast()
                    : "k given";
            System.out.printf(Locale.ROOT, "%d clusters of %,d entries by %s (%s), silhouette %.3f (%s); %d"
                    + " principal components explain 70%% of the variance (%.1f s)%n", c.k(), c.labels().size(), c.on(),
                    how, c.silhouette(), Silhouette.reading(c.silhouette()), c.componentsFor70(),
                    (System.nanoTime() - started) / 1e9);
            for (Map.Entry<Integer, List<String>> m : c.members().entrySet()) {
                System.out.printf(Locale.ROOT, "  cluster %2d  %,6d entries%n", m.getKey(), m.getValue().size());
            }
            System.out.printf(Locale.ROOT, "wrote %d files into %s; labels stored in %s%n", files.size(), out,
                    view.file());
        }
        return 0;
    }

    private int drawMap() throws java.io.IOException {
        String[] axes = map.split(",");
        if (axes.length != 2 || axes[0].isBlank() || axes[1].isBlank()) {
            throw new ConfigException("--map", "\"" + map + "\" is not X,Y: two descriptor features");
        }
        var order = io.equilibria.archive.cluster.BehaviourMap.By.parse(by);
        if (order == null) {
            throw new ConfigException("--by", "\"" + by + "\" is not score or preference");
        }
        try (ArchiveView view = Archive.read(archive.path)) {
            var living = io.equilibria.archive.cluster.BehaviourMap.livingFinds(view);
            if (living.isEmpty()) {
                throw new ConfigException("--map", "no living finds with behaviour descriptors in " + view.file());
            }
            List<String> features = List.copyOf(living.getFirst().descriptor().keySet());
            var preference = order == io.equilibria.archive.cluster.BehaviourMap.By.PREFERENCE
                    ? io.equilibria.archive.Preference.fit(view, features)
                    : null;
            io.equilibria.archive.cluster.BehaviourMap grid;
            try {
                grid = io.equilibria.archive.cluster.BehaviourMap.of(living, axes[0].trim(), axes[1].trim(),
                        io.equilibria.archive.cluster.BehaviourMap.DEFAULT_BINS, order, preference);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--map", e.getMessage());
            }
            Path png = out.resolve("map-" + axes[0].trim() + "-" + axes[1].trim() + ".png");
            io.equilibria.training.SampleSheet.writePng(grid.picture(view, 96), png);
            System.out.printf(Locale.ROOT, "%d of %d cells filled (%.0f%% coverage) by %,d living finds -> %s%n",
                    grid.filled(), grid.bins() * grid.bins(), 100 * grid.coverage(), grid.finds(), png);
        }
        return 0;
    }

    private int parseK() {
        if (k.equalsIgnoreCase("auto")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(k.trim());
            if (n < 2) {
                throw new ConfigException("--k", n + " clusters: give at least 2, or auto");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException("--k", "\"" + k + "\" is not auto or a number of clusters");
        }
    }

    private ClusterAnalysis.On parseOn() {
        try {
            return ClusterAnalysis.On.parse(on);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(null, e.getMessage());
        }
    }

    private Status parseStatus() {
        if (status == null) {
            return null;
        }
        Status s = Status.parse(status);
        if (s == null) {
            throw new ConfigException("--status", "\"" + status + "\" is not one of " + Status.names());
        }
        return s;
    }
}
