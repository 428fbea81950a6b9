package io.equilibria.evolve.bench;

import ai.djl.Device;
import io.equilibria.archive.Entry;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.Genome;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import io.equilibria.evolve.run.TempDirs;
import io.equilibria.evolve.search.CpuConcurrency;
import io.equilibria.evolve.search.Evaluator;
import io.equilibria.evolve.search.LocalEvaluator;
import io.equilibria.evolve.search.Search;
import io.equilibria.evolve.search.SearchConfig;
import io.equilibria.fitness.Evaluation;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * {@code bench --evolve}: a {@code cpu} search of N individuals in a temporary archive, measuring
 * the wall time spent outside training (breeding, judging, descriptors, thumbnails, archive
 * writes), resident memory from the 10th individual to the last, and the yield; and the
 * individuals per hour the default search delivers (as many trainings at once as pays, measured
 * as {@code evolve} measures it) against one at a time on every core.
 */
public final class EvolveBench {
    public static final int MEMORY_BASELINE = 10;

    /**
     * @param overheadFraction wall time outside training, of the search that trains one at a time
     * @param rssGrowthFraction growth of resident memory outside the Java heap (native memory), from
     *     the 10th individual to the last, relative to resident memory at the 10th: the JVM grows its
     *     heap towards its working size in the first minutes, which is not a leak
     * @param heapAt10Mb Java heap committed at the 10th individual (likewise at the end)
     * @param individualsPerHour what the default search delivers: {@code concurrency} at once
     * @param individualsPerHourSequential one at a time, on every core
     */
    public record Result(int individuals, int budgetSteps, double wallSeconds, double trainingSeconds,
            double overheadFraction, double rssAt10Mb, double rssAtEndMb, double rssGrowthFraction,
            double heapAt10Mb, double heapAtEndMb, double aliveFraction, CpuConcurrency.Choice concurrency,
            double individualsPerHour, double individualsPerHourSequential) {}

    /** One search of the bench: its figures up to the individual that reached the count. */
    private record Pass(int individuals, double wallSeconds, double trainingSeconds, double rssAt10Mb,
            double rssAtEndMb, double heapAt10Mb, double heapAtEndMb, double aliveFraction) {
        double perHour() {
            return individuals / wallSeconds * 3600;
        }

        double nativeGrowthFraction() {
            return ((rssAtEndMb - heapAtEndMb) - (rssAt10Mb - heapAt10Mb)) / rssAt10Mb;
        }
    }

    private EvolveBench() {}

    public static Result run(Device device, int individuals, int budgetSteps, Consumer<String> log) {
        SearchConfig config = config(individuals, budgetSteps);
        CpuConcurrency.Choice choice = device.isGpu() ? CpuConcurrency.fixed(1, 1)
                : CpuConcurrency.measure("cpu", Preset.named("cpu").genome(), config.run(), CpuConcurrency.cores());
        log.accept("evolve: the default search trains " + choice.describe());
        Pass chosen;
        try (Evaluator e = device.isGpu() ? new LocalEvaluator(device) : LocalEvaluator.onCpu(choice, false)) {
            chosen = pass(config, e, individuals, log);
        }
        Pass sequential = chosen;
        if (choice.atOnce() > 1) {
            log.accept("evolve: the same search, one training at a time");
            try (Evaluator e = new LocalEvaluator(device)) {
                sequential = pass(config, e, individuals, log);
            }
        }
        return new Result(chosen.individuals(), budgetSteps, chosen.wallSeconds(), chosen.trainingSeconds(),
                (sequential.wallSeconds() - sequential.trainingSeconds()) / sequential.wallSeconds(), chosen.rssAt10Mb(),
                chosen.rssAtEndMb(), chosen.nativeGrowthFraction(), chosen.heapAt10Mb(), chosen.heapAtEndMb(),
                chosen.aliveFraction(), choice, chosen.perHour(), sequential.perHour());
    }

    private static SearchConfig config(int individuals, int budgetSteps) {
        SearchConfig base = SearchConfig.defaults("cpu");
        int population = 10;
        int offspring = Search.offspring(population);
        int generations = Math.max(1, (int) Math.ceil((individuals - population) / (double) offspring)) + 1;
        return new SearchConfig("cpu", population, generations, budgetSteps, 0, base.objective(),
                base.stabilityWeight(), base.noveltyWeight(), base.neighbours(), base.seed());
    }

    private static Pass pass(SearchConfig config, Evaluator inner, int individuals, Consumer<String> log) {
        Path dir = TempDirs.create("evolve-bench");
        double[] training = {0};
        double[] rss = {Double.NaN, Double.NaN};
        double[] heap = {Double.NaN, Double.NaN};
        int[] trained = {0};
        int[] alive = {0};
        double[] wall = {Double.NaN};
        long started = System.nanoTime();
        try (Archive archive = Archive.open(dir.resolve("bench.db"))) {
            Evaluator timed = new Evaluator() {
                @Override
                public String device() {
                    return inner.device();
                }

                @Override
                public int concurrency() {
                    return inner.concurrency();
                }

                @Override
                public Evaluation evaluate(Genome genome, RunConfig run, BooleanSupplier stop) {
                    // The trainer's own clock: judging, pictures and thumbnails count as overhead.
                    Evaluation e = inner.evaluate(genome, run, stop);
                    synchronized (training) {
                        training[0] += e.summary().seconds();
                    }
                    return e;
                }

                @Override
                public void close() {}
            };
            Search.Listener listener = new Search.Listener() {
                @Override
                public void individualDone(int generation, Entry entry, boolean reused, Map<String, Integer> counts) {
                    if (reused || trained[0] >= individuals) {
                        return; // past the count: trainings in flight when it was reached
                    }
                    trained[0]++;
                    alive[0] += entry.alive() ? 1 : 0;
                    double committed = Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0);
                    if (trained[0] == MEMORY_BASELINE) {
                        rss[0] = io.equilibria.training.NativeMemory.residentMb();
                        heap[0] = committed;
                    }
                    rss[1] = io.equilibria.training.NativeMemory.residentMb();
                    heap[1] = committed;
                    if (trained[0] == individuals) {
                        wall[0] = (System.nanoTime() - started) / 1e9;
                    }
                    if (trained[0] % 10 == 0) {
                        log.accept(String.format(java.util.Locale.ROOT,
                                "evolve: %d individuals trained; resident %.0f MB, Java heap %.0f MB", trained[0],
                                rss[1], committed));
                    }
                }
            };
            Search search = new Search(archive, "bench", config, timed, g -> true, listener);
            search.run(() -> trained[0] >= individuals);
            double seconds = Double.isNaN(wall[0]) ? (System.nanoTime() - started) / 1e9 : wall[0];
            return new Pass(trained[0], seconds, training[0], rss[0], rss[1], heap[0], heap[1],
                    trained[0] == 0 ? 0 : alive[0] / (double) trained[0]);
        } finally {
            TempDirs.delete(dir);
        }
    }
}
