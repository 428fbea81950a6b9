package io.equilibria.evolve.bench;

import ai.djl.Device;
import io.equilibria.archive.Entry;
import io.equilibria.archive.cluster.ClusterAnalysis;
import io.equilibria.archive.cluster.Vendi;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.Side;
import io.equilibria.evolve.run.TempDirs;
import io.equilibria.evolve.search.Evaluator;
import io.equilibria.evolve.search.LocalEvaluator;
import io.equilibria.evolve.search.Search;
import io.equilibria.evolve.search.SearchConfig;
import io.equilibria.fitness.Descriptor;
import io.equilibria.fitness.Verdict;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * {@code bench --discovery}: what the default search finds. A fixed-seed {@code cpu} search (the
 * defaults of {@code equilibria evolve}) of N individuals in a temporary archive; the verdicts, the
 * number of kinds among the living finds (k of the best silhouette over their descriptors, and that
 * silhouette: how distinct the kinds are), their
 * Vendi diversity over thumbnails, the pace, and a contact sheet of every living find (A | B).
 */
public final class DiscoveryBench {
    static final int CELL = 96;

    public record Result(int individuals, double aliveFraction, double explodedFraction, Map<String, Integer> verdicts,
            int clusters, double silhouette, double vendiScore, double individualsPerHour, Path sheet) {}

    private DiscoveryBench() {}

    /**
     * @param keep the archive file to keep the search in, or null for a temporary one that is deleted
     */
    public static Result run(Device device, int individuals, Path sheet, Path keep, Consumer<String> log) throws IOException {
        Path dir = keep != null ? null : TempDirs.create("discovery-bench");
        Path file = keep != null ? keep : dir.resolve("discovery.db");
        SearchConfig base = SearchConfig.defaults("cpu");
        int offspring = Search.offspring(base.population());
        int generations = Math.max(1, (int) Math.ceil((individuals - base.population()) / (double) offspring)) + 1;
        SearchConfig config = new SearchConfig("cpu", base.population(), generations, base.budgetSteps(), 0,
                base.objective(), base.stabilityWeight(), base.noveltyWeight(), base.neighbours(), base.seed());
        List<Entry> trained = new ArrayList<>();
        long started = System.nanoTime();
        try (Archive archive = Archive.open(file);
                Evaluator evaluator = new LocalEvaluator(device)) {
            Search.Listener listener = new Search.Listener() {
                @Override
                public void individualDone(int generation, Entry entry, boolean reused, Map<String, Integer> counts) {
                    if (!reused) {
                        trained.add(entry);
                        log.accept(String.format(java.util.Locale.ROOT, "discovery: %d/%d %s %s", trained.size(),
                                individuals, entry.id().substring(0, 8),
                                entry.stability() == null ? entry.status().jsonName() : entry.stability().verdict()));
                    }
                }
            };
            Search search = new Search(archive, "discovery", config, evaluator, g -> true, listener);
            search.run(() -> trained.size() >= individuals);
            double hours = (System.nanoTime() - started) / 3.6e12;
            Map<String, Integer> verdicts = new TreeMap<>();
            List<Entry> alive = new ArrayList<>();
            for (Entry e : trained) {
                String v = e.stability() == null ? e.status().jsonName() : e.stability().verdict();
                verdicts.merge(v, 1, Integer::sum);
                if (e.alive()) {
                    alive.add(e);
                }
            }
            int n = trained.size();
            double[][] descriptors = alive.stream().map(e -> Descriptor.vector(e.descriptor())).toArray(double[][]::new);
            ClusterAnalysis.Best kinds = ClusterAnalysis.silhouetteK(descriptors, config.seed());
            double vendi = Vendi.score(alive.isEmpty() ? new double[0][] : ClusterAnalysis.pixels(archive, alive, s -> {}));
            writeSheet(archive, alive, sheet);
            return new Result(n, n == 0 ? 0 : alive.size() / (double) n,
                    n == 0 ? 0 : verdicts.getOrDefault(Verdict.EXPLODED.jsonName(), 0) / (double) n, verdicts,
                    kinds.k(), kinds.silhouette(), vendi, n / hours, sheet);
        } finally {
            if (dir != null) {
                TempDirs.delete(dir);
            }
        }
    }

    /** A contact sheet: every living find's A and B thumbnails side by side, eight finds a row. */
    private static void writeSheet(Archive archive, List<Entry> alive, Path file) throws IOException {
        int columns = 8;
        int rows = Math.max(1, (alive.size() + columns - 1) / columns);
        int pairWidth = 2 * CELL + 4;
        BufferedImage sheet = new BufferedImage(columns * (pairWidth + 8), rows * (CELL + 8), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int i = 0; i < alive.size(); i++) {
            int x = (i % columns) * (pairWidth + 8) + 4;
            int y = (i / columns) * (CELL + 8) + 4;
            g.drawImage(ClusterAnalysis.thumbnail(archive, alive.get(i).id(), Side.A), x, y, CELL, CELL, null);
            g.drawImage(ClusterAnalysis.thumbnail(archive, alive.get(i).id(), Side.B), x + CELL + 4, y, CELL, CELL, null);
        }
        g.dispose();
        Path parent = file.toAbsolutePath().getParent();
        java.nio.file.Files.createDirectories(parent);
        ImageIO.write(sheet, "png", file.toFile());
    }
}
