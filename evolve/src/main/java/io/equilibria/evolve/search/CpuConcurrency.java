package io.equilibria.evolve.search;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import io.equilibria.training.Devices;
import io.equilibria.training.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Consumer;

/**
 * How many trainings a search on the CPU runs at once, measured: one training on every core
 * against several side by side with the cores shared among them (libtorch's thread count is the
 * calling thread's, so each training sets its own). A second thread speeds one small training up
 * far less than twice, so two one-thread trainings deliver more individuals per hour.
 *
 * <p>The choice is measured once per archive and kept beside it ({@code ARCHIVE.cpu.json}), so
 * that a search and its resumption train with the same thread counts (results are bit-identical
 * only at equal thread counts); it is measured again on a machine with another number of cores or
 * for another preset.
 */
public final class CpuConcurrency {
    /** A larger concurrency must deliver this much more than the smaller one to be chosen. */
    static final double PAYS = 1.05;
    static final int WARMUP_STEPS = 3;

    /**
     * @param atOnce trainings side by side
     * @param threadsEach libtorch threads of each
     * @param perSecond steps per second delivered by each concurrency tried, by concurrency
     */
    public record Choice(int atOnce, int threadsEach, int cores, String preset, java.util.SortedMap<Integer, Double> perSecond) {
        /** What was chosen and why, in one line. */
        public String describe() {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d training%s at once, %d thread%s each",
                    atOnce, atOnce == 1 ? "" : "s", threadsEach, threadsEach == 1 ? "" : "s"));
            if (!perSecond.isEmpty()) {
                double one = perSecond.get(perSecond.firstKey());
                s.append(" (measured steps per second:");
                perSecond.forEach((k, v) -> s.append(String.format(Locale.ROOT, " %d at once %.1f (%.2fx)", k, v, v / one)));
                s.append(')');
            }
            return s.toString();
        }
    }

    private CpuConcurrency() {}

    /** A fixed choice: {@code atOnce} trainings sharing the cores (the {@code --concurrency} option). */
    public static Choice fixed(int atOnce, int cores) {
        return new Choice(atOnce, threads(atOnce, cores), cores, "", new java.util.TreeMap<>());
    }

    /** Each training's threads, {@code atOnce} side by side: one alone gets the configured count. */
    static int threads(int atOnce, int cores) {
        return atOnce == 1 ? Devices.configuredCpuThreads() : Math.max(1, cores / atOnce);
    }

    /** The cores libtorch may use here: the JVM's processors (the affinity mask). */
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The choice kept beside {@code archiveFile} for {@code preset} on this many cores, or a new
     * measurement (kept there) on the preset's genome.
     */
    public static Choice forArchive(Path archiveFile, String preset, RunConfig run, Consumer<String> log) {
        int cores = cores();
        Path file = file(archiveFile);
        Choice kept = read(file);
        if (kept != null && kept.cores() == cores && kept.preset().equals(preset)) {
            return kept;
        }
        log.accept("measuring how many trainings at once pay on " + cores + " cores (once for this archive)");
        Choice measured = measure(preset, io.equilibria.config.Preset.named(preset).genome(), run, cores);
        write(file, measured);
        return measured;
    }

    static Path file(Path archiveFile) {
        return Path.of(archiveFile + ".cpu.json");
    }

    /**
     * Steps per second delivered by 1, 2, 4, ... trainings of {@code probe} side by side (up to
     * one per core, the cores shared evenly), each timed over the same steps after a warm-up; the
     * largest concurrency that delivers {@link #PAYS} times what the one below it does.
     */
    public static Choice measure(String preset, Genome probe, RunConfig run, int cores) {
        List<Integer> tried = new ArrayList<>();
        for (int k = 1; k <= cores; k *= 2) {
            tried.add(k);
        }
        if (tried.getLast() != cores && cores % tried.getLast() != 0) {
            tried.add(cores);
        }
        // One training first, to load the engine and let the JIT settle: it would cost the first tried.
        sideBySide(probe, run, 1, threads(1, cores), 2);
        double perStep = 1 / sideBySide(probe, run, 1, threads(1, cores), WARMUP_STEPS);
        // About a second of one training's steps, at least 5 of them.
        int steps = (int) Math.max(5, Math.min(100, Math.round(1.0 / perStep)));
        java.util.SortedMap<Integer, Double> rates = new java.util.TreeMap<>();
        int chosen = 1;
        for (int k : tried) {
            double rate = sideBySide(probe, run, k, threads(k, cores), steps);
            rates.put(k, rate);
            if (k > 1) {
                if (rate < PAYS * rates.get(chosen)) {
                    break; // more at once would only crowd the cores further
                }
                chosen = k;
            }
        }
        return new Choice(chosen, threads(chosen, cores), cores, preset, rates);
    }

    /**
     * Steps per second of {@code k} trainings of {@code genome} running side by side, each on its
     * own thread with {@code threads} libtorch threads, timed over {@code steps} steps after {@link
     * #WARMUP_STEPS} (all of them start the timed steps together).
     */
    static double sideBySide(Genome genome, RunConfig run, int k, int threads, int steps) {
        CyclicBarrier ready = new CyclicBarrier(k);
        double[] seconds = new double[k];
        RuntimeException[] failure = new RuntimeException[1];
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int index = i;
            workers.add(Thread.ofPlatform().name("concurrency-probe-" + i).start(() -> {
                try {
                    Devices.useCpuThreads(threads);
                    try (Trainer t = new Trainer(genome.withSeed(genome.seed() + index), run, Device.cpu())) {
                        for (int s = 0; s < WARMUP_STEPS; s++) {
                            t.trainStep();
                        }
                        ready.await();
                        long start = System.nanoTime();
                        for (int s = 0; s < steps; s++) {
                            t.trainStep();
                        }
                        seconds[index] = (System.nanoTime() - start) / 1e9;
                    }
                } catch (RuntimeException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                    ready.reset();
                } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the CPU's concurrency", e);
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        double rate = 0;
        for (double s : seconds) {
            rate += steps / s;
        }
        return rate;
    }

    private static Choice read(Path file) {
        try {
            JsonNode n = ConfigJson.mapper().readTree(Files.readString(file));
            java.util.SortedMap<Integer, Double> rates = new java.util.TreeMap<>();
            n.path("steps_per_second").fields().forEachRemaining(e -> rates.put(Integer.parseInt(e.getKey()),
                    e.getValue().asDouble()));
            return new Choice(n.path("at_once").asInt(), n.path("threads_each").asInt(), n.path("cores").asInt(),
                    n.path("preset").asText(), rates);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable (a crash mid-write cannot leave one: written by a move): measure again
        }
    }

    private static void write(Path file, Choice c) {
        ObjectNode n = ConfigJson.mapper().createObjectNode();
        n.put("at_once", c.atOnce()).put("threads_each", c.threadsEach()).put("cores", c.cores()).put("preset", c.preset());
        ObjectNode rates = n.putObject("steps_per_second");
        c.perSecond().forEach((k, v) -> rates.put(Integer.toString(k), v));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, io.equilibria.config.Json.pretty(n));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
