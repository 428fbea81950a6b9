package io.equilibria.evolve.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.config.Genome;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import io.equilibria.fitness.Evaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class CpuConcurrencyTest {
    static final RunConfig RUN = Preset.TINY.run().withSteps(25);

    /** Trains {@code genomes} through {@code evaluator}, all started together on their own threads. */
    static List<Evaluation> sideBySide(LocalEvaluator evaluator, List<Genome> genomes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(genomes.size());
        try {
            CyclicBarrier start = new CyclicBarrier(genomes.size());
            List<Future<Evaluation>> futures = new ArrayList<>();
            for (Genome g : genomes) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return evaluator.evaluate(g, RUN, () -> false);
                }));
            }
            List<Evaluation> out = new ArrayList<>();
            for (Future<Evaluation> f : futures) {
                out.add(f.get(5, TimeUnit.MINUTES));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The telemetry rows without their wall-clock column. */
    static List<String> withoutSeconds(byte[] csv) {
        return new String(csv, java.nio.charset.StandardCharsets.UTF_8).lines()
                .map(l -> l.replaceFirst("^([^,]*),[^,]*", "$1")).toList();
    }

    @Test
    void trainingsSideBySideInOneProcessComputeWhatTheyComputeAloneAtTheSameThreadCount() throws Exception {
        List<Genome> genomes = List.of(Preset.TINY.genome().withSeed(71), Preset.TINY.genome().withSeed(72));
        LocalEvaluator together = new LocalEvaluator(ai.djl.Device.cpu(), "cpu", false, 2, 1);
        assertEquals(2, together.concurrency());
        List<Evaluation> both = sideBySide(together, genomes);
        // One at a time, on a fresh thread, with one thread each.
        LocalEvaluator alone = new LocalEvaluator(ai.djl.Device.cpu(), "cpu", false, 1, 1);
        for (int i = 0; i < genomes.size(); i++) {
            Evaluation single = sideBySide(alone, List.of(genomes.get(i))).getFirst();
            Evaluation paired = both.get(i);
            assertEquals(withoutSeconds(single.telemetryCsv()), withoutSeconds(paired.telemetryCsv()),
                    "genome " + genomes.get(i).seed());
            assertArrayEquals(single.sheetA(), paired.sheetA());
            assertArrayEquals(single.sheetB(), paired.sheetB());
            assertEquals(single.descriptor(), paired.descriptor());
            assertEquals(25, paired.summary().steps());
        }
    }

    @Test
    void theChoiceIsMeasuredOnceAndKeptBesideTheArchive(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("a.db");
        List<String> log = new ArrayList<>();
        CpuConcurrency.Choice first = CpuConcurrency.forArchive(archive, "tiny", RUN, log::add);
        int cores = CpuConcurrency.cores();
        assertEquals(1, log.size(), "measured: " + log);
        assertEquals(cores, first.cores());
        assertTrue(first.atOnce() >= 1 && first.atOnce() <= cores, first.describe());
        assertEquals(first.atOnce() == 1 ? io.equilibria.training.Devices.configuredCpuThreads()
                : cores / first.atOnce(), first.threadsEach(), first.describe());
        assertTrue(first.perSecond().containsKey(1), first.describe());
        if (cores >= 2) {
            assertTrue(first.perSecond().containsKey(2), "two at once were tried: " + first.describe());
        }
        first.perSecond().values().forEach(v -> assertTrue(v > 0, first.describe()));
        Path kept = CpuConcurrency.file(archive);
        String written = Files.readString(kept);
        CpuConcurrency.Choice again = CpuConcurrency.forArchive(archive, "tiny", RUN, log::add);
        assertEquals(1, log.size(), "not measured again: " + log);
        assertEquals(first, again);
        assertEquals(written, Files.readString(kept));
        // Another preset is measured for itself.
        CpuConcurrency.forArchive(archive, "cpu", Preset.CPU.run().withSteps(20), log::add);
        assertEquals(2, log.size(), log.toString());
    }
}
