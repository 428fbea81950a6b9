package io.equilibria.evolve;

import ai.djl.Device;
import io.equilibria.archive.Archive;
import io.equilibria.archive.Entry;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * {@code bench --evolve}: a {@code cpu} search of N individuals in a temporary archive, measuring
 * the wall time spent outside training (breeding, judging, descriptors, thumbnails, archive
 * writes), resident memory from the 10th individual to the last, and the yield.
 */
final class EvolveBench {
    static final int MEMORY_BASELINE = 10;

    /**
     * @param rssGrowthFraction growth of resident memory outside the Java heap (native memory), from
     *     the 10th individual to the last, relative to resident memory at the 10th: the JVM grows its
     *     heap towards its working size in the first minutes, which is not a leak
     * @param heapAt10Mb Java heap committed at the 10th individual (likewise at the end)
     */
    record Result(int individuals, int budgetSteps, double wallSeconds, double trainingSeconds,
            double overheadFraction, double rssAt10Mb, double rssAtEndMb, double rssGrowthFraction,
            double heapAt10Mb, double heapAtEndMb, double aliveFraction) {}

    private EvolveBench() {}

    static Result run(Device device, int individuals, int budgetSteps, Consumer<String> log) {
        Path dir = TempDirs.create("evolve-bench");
        SearchConfig base = SearchConfig.defaults("cpu");
        int population = 10;
        int offspring = (int) Math.round(population * 0.6);
        int generations = Math.max(1, (int) Math.ceil((individuals - population) / (double) offspring)) + 1;
        SearchConfig config = new SearchConfig("cpu", population, generations, budgetSteps, 0, base.objective(),
                base.stabilityWeight(), base.noveltyWeight(), base.neighbours(), base.seed());
        double[] training = {0};
        double[] rss = {Double.NaN, Double.NaN};
        double[] heap = {Double.NaN, Double.NaN};
        int[] trained = {0};
        long started = System.nanoTime();
        try (Archive archive = Archive.open(dir.resolve("bench.db"));
                Evaluator inner = new LocalEvaluator(device)) {
            Evaluator timed = new Evaluator() {
                @Override
                public String device() {
                    return inner.device();
                }

                @Override
                public Evaluation evaluate(Genome genome, RunConfig run, BooleanSupplier stop) {
                    // The trainer's own clock: judging, pictures and thumbnails count as overhead.
                    Evaluation e = inner.evaluate(genome, run, stop);
                    training[0] += e.summary().seconds();
                    return e;
                }

                @Override
                public void close() {}
            };
            Search.Listener listener = new Search.Listener() {
                @Override
                public void individualDone(int generation, Entry entry, boolean reused, Map<String, Integer> counts) {
                    if (reused) {
                        return;
                    }
                    trained[0]++;
                    double committed = Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0);
                    if (trained[0] == MEMORY_BASELINE) {
                        rss[0] = io.equilibria.training.NativeMemory.residentMb();
                        heap[0] = committed;
                    }
                    rss[1] = io.equilibria.training.NativeMemory.residentMb();
                    heap[1] = committed;
                    if (trained[0] % 10 == 0) {
                        log.accept(String.format(java.util.Locale.ROOT,
                                "evolve: %d individuals trained; resident %.0f MB, Java heap %.0f MB", trained[0],
                                rss[1], committed));
                    }
                }
            };
            Search search = new Search(archive, "bench", config, timed, g -> true, listener);
            int[] limit = {individuals};
            search.run(() -> trained[0] >= limit[0]);
            double wall = (System.nanoTime() - started) / 1e9;
            Map<String, Integer> counts = search.counts();
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            double nativeGrowth = (rss[1] - heap[1]) - (rss[0] - heap[0]);
            return new Result(trained[0], budgetSteps, wall, training[0], (wall - training[0]) / wall, rss[0], rss[1],
                    nativeGrowth / rss[0], heap[0], heap[1], total == 0 ? 0 : counts.getOrDefault("alive", 0) / (double) total);
        } finally {
            TempDirs.delete(dir);
        }
    }
}
