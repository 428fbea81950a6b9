package io.equilibria.evolve.bench;

import io.equilibria.archive.store.Archive;
import io.equilibria.config.Genome;
import io.equilibria.config.Json;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import io.equilibria.evolve.cluster.Build;
import io.equilibria.evolve.cluster.Coordinator;
import io.equilibria.evolve.cluster.Nodes;
import io.equilibria.evolve.cluster.Secret;
import io.equilibria.evolve.cluster.Supervisor;
import io.equilibria.evolve.run.TempDirs;
import io.equilibria.evolve.search.ResultEntry;
import io.equilibria.evolve.search.Search;
import io.equilibria.fitness.Evaluation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code bench --scale}: one generation of {@code cpu} individuals on one worker process and then
 * on two (one PyTorch thread each), through the same coordinator a search uses; the time a task
 * spends outside its worker's training; and what the coordinator does per individual (storing it
 * in an archive), from which the throughput of a large cluster is estimated.
 */
public final class ScaleBench {
    /**
     * @param scheduleOverheadMs median per task of (round trip at the coordinator − the worker's own time)
     * @param secondsPerIndividual mean training time of one individual on one worker (one thread)
     * @param archiveWriteMs median time to judge-store one evaluation in the archive (the coordinator's share)
     * @param replyKb mean size of a worker's reply
     * @param concurrentSlowdown mean training time of an individual while two workers train, over the same alone:
     *     what two trainings sharing the machine's cores, caches and memory bandwidth cost each other
     */
    public record Result(int individuals, int budgetSteps, double oneWorkerSeconds, double twoWorkerSeconds,
            double twoWorkerSpeedup, double scheduleOverheadMs, double secondsPerIndividual, double archiveWriteMs,
            double replyKb, double concurrentSlowdown) {}

    private ScaleBench() {}

    public static Result run(int individuals, int budgetSteps, Consumer<String> log) {
        Path dir = TempDirs.create("scale-bench");
        RunConfig run = Preset.CPU.run().withSteps(budgetSteps);
        List<Genome> generation = new ArrayList<>();
        for (int i = 0; i < individuals; i++) {
            generation.add(Preset.CPU.genome().withSeed(1000 + i));
        }
        Secret secret = Secret.random();
        List<Evaluation> evaluations = new ArrayList<>();
        double[] times = new double[2];
        double[] perIndividual = new double[2];
        ExecutorService dispatch = Executors.newFixedThreadPool(individuals);
        try (Coordinator coordinator = Coordinator.start(new Coordinator.Settings(secret, Build.version(), "127.0.0.1",
                Nodes.freeLoopbackPort(), false, 3, 0, null), line -> {})) {
            for (int workers = 1; workers <= 2; workers++) {
                List<String> devices = workers == 1 ? List.of("cpu") : List.of("cpu", "cpu");
                try (Supervisor supervisor = new Supervisor(new Supervisor.Settings(devices, "bench", "127.0.0.1:"
                        + coordinator.port(), "127.0.0.1", coordinator.port() + 1, secret, 1, 1000, 0,
                        dir.resolve("workers")), log).start()) {
                    if (!coordinator.awaitWorkers(workers, 120_000)) {
                        throw new IllegalStateException("the bench's workers did not join within 2 minutes"
                                + supervisor.fatal().map(f -> ": " + f).orElse(""));
                    }
                    log.accept(String.format(Locale.ROOT, "scale: %d worker%s joined; warming up", workers,
                            workers == 1 ? "" : "s"));
                    generation(coordinator, dispatch, generation.subList(0, workers), run); // JIT, natives, caches
                    log.accept(String.format(Locale.ROOT, "scale: %d individuals of %d cpu steps on %d worker%s",
                            individuals, budgetSteps, workers, workers == 1 ? "" : "s"));
                    long t0 = System.nanoTime();
                    List<Evaluation> done = generation(coordinator, dispatch, generation, run);
                    times[workers - 1] = (System.nanoTime() - t0) / 1e9;
                    perIndividual[workers - 1] = done.stream().mapToDouble(e -> e.summary().seconds()).average()
                            .orElse(0);
                    log.accept(String.format(Locale.ROOT, "scale: %.1f s; %.2f s of training per individual",
                            times[workers - 1], perIndividual[workers - 1]));
                    if (workers == 1) {
                        evaluations.addAll(done);
                    }
                }
                for (int i = 0; i < 300 && coordinator.workers() > 0; i++) {
                    Thread.sleep(100); // the single worker has left before two join
                }
            }
            double overhead = coordinator.scheduleOverheadMillis();
            double replyKb = evaluations.stream().mapToDouble(e -> Json.bytes(e).length / 1024.0).average().orElse(0);
            double writeMs = archiveWrites(dir.resolve("bench.db"), generation, run, evaluations);
            return new Result(individuals, budgetSteps, times[0], times[1], times[0] / times[1], overhead,
                    perIndividual[0], writeMs, replyKb, perIndividual[1] / perIndividual[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } finally {
            dispatch.shutdownNow();
            TempDirs.delete(dir);
        }
    }

    private static List<Evaluation> generation(Coordinator coordinator, ExecutorService dispatch, List<Genome> genomes,
            RunConfig run) {
        List<Future<Evaluation>> futures = new ArrayList<>();
        for (Genome g : genomes) {
            futures.add(dispatch.submit(() -> coordinator.evaluate(g, run, () -> false)));
        }
        List<Evaluation> out = new ArrayList<>();
        try {
            for (Future<Evaluation> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("a bench individual failed: " + e.getCause().getMessage(), e.getCause());
        }
        return out;
    }

    /** What the coordinator spends storing one evaluation (blobs, thumbnails, journal, commit), median in ms. */
    private static double archiveWrites(Path file, List<Genome> genomes, RunConfig run, List<Evaluation> evaluations) {
        double[] ms = new double[evaluations.size()];
        try (Archive archive = Archive.open(file)) {
            for (int i = 0; i < evaluations.size(); i++) {
                Evaluation e = evaluations.get(i);
                Genome g = genomes.get(i);
                long t0 = System.nanoTime();
                archive.write(w -> ResultEntry.store(w, e, g, run, "bench", 0, List.of(), null, e.stability(), null,
                        e.descriptor()));
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return Benchmarks.median(ms);
    }

    /**
     * The written estimate for {@code servers} × {@code gpus}: individuals per hour if every device
     * trains one individual in {@code gpuSeconds}, against what the coordinator can store per hour
     * and what the replies need from the network.
     */
    public static String estimate(Result r, int servers, int gpus, double gpuSpeedup) {
        int devices = servers * gpus;
        double gpuSeconds = r.secondsPerIndividual() / gpuSpeedup;
        double demand = devices / (gpuSeconds + r.scheduleOverheadMs() / 1000); // individuals per second
        double coordinator = 1000 / r.archiveWriteMs(); // the search thread stores one at a time
        double networkMbPerS = demand * r.replyKb() / 1024;
        String first = demand > coordinator ? "the coordinator's archive writes" : "nothing: the devices are the limit";
        return String.format(Locale.ROOT, """
                estimate for %d servers x %d GPUs (%d workers), if a GPU trains an individual %.0fx faster than one \
                CPU thread here (%.1f s instead of %.1f s):
                  devices ask for          %.1f individuals/s (%.0f per hour), %.0f ms of scheduling each
                  the coordinator stores   %.0f individuals/s at most (%.1f ms per archive write, one writer)
                  replies need             %.2f MB/s (%.0f KB each) of a 1 Gbit/s link's ~110 MB/s
                  first to saturate        %s; novelty scoring grows with the archive and is next \
                (it is recomputed per generation from stored descriptors)
                  keep them busy           a generation breeds %.1f x population new individuals and the next one \
                waits for its last: with %d devices use --population %d or more
                """, servers, gpus, devices, gpuSpeedup, gpuSeconds, r.secondsPerIndividual(), demand, demand * 3600,
                r.scheduleOverheadMs(), coordinator, r.archiveWriteMs(), networkMbPerS, r.replyKb(), first,
                Search.OFFSPRING_FRACTION, devices, (int) Math.ceil(devices / Search.OFFSPRING_FRACTION));
    }
}
