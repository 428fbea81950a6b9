package io.equilibria.evolve.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.config.Genome;
import io.equilibria.config.Json;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import io.equilibria.evolve.search.Evaluator;
import io.equilibria.fitness.Evaluation;
import io.equilibria.training.Devices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Hazelcast members on 127.0.0.1 in this JVM: a coordinator (lite member) and two workers
 * training tiny genomes for real. Fixed ports, a fresh cluster name (secret) per test, no multicast.
 */
class ClusterTest {
    // Free loopback ports, chosen when the class loads (never a fixed number another process may hold).
    private static final int COORDINATOR_PORT = Nodes.freeLoopbackPort();
    private static final int WORKER_1_PORT = Nodes.freeLoopbackPort();
    private static final int WORKER_2_PORT = Nodes.freeLoopbackPort();
    private static final int OLD_VERSION_COORDINATOR_PORT = Nodes.freeLoopbackPort();
    private static final int OLD_VERSION_WORKER_PORT = Nodes.freeLoopbackPort();
    private static final int SECRET_COORDINATOR_PORT = Nodes.freeLoopbackPort();
    private static final int STRANGER_PORT = Nodes.freeLoopbackPort();
    private static final int SECOND_COORDINATOR_PORT = Nodes.freeLoopbackPort();
    private static final int SECOND_WORKER_1_PORT = Nodes.freeLoopbackPort();
    private static final int SECOND_WORKER_2_PORT = Nodes.freeLoopbackPort();
    static final String LOOPBACK = "127.0.0.1";

    @TempDir
    Path dir;

    final List<String> log = new CopyOnWriteArrayList<>();

    static Secret fresh() {
        return new Secret("cluster-test-" + UUID.randomUUID());
    }

    Coordinator coordinator(Secret secret, String version, int port) {
        return Coordinator.start(new Coordinator.Settings(secret, version, LOOPBACK, port, false, 3, 0,
                dir.resolve("workers.json")), log::add);
    }

    static WorkerNode worker(Secret secret, String version, String name, int port, int coordinatorPort) {
        return WorkerNode.join(new WorkerNode.Settings(secret, version, name, Devices.parse("cpu"), LOOPBACK, port,
                LOOPBACK + ":" + coordinatorPort, 1000, 0), 20_000);
    }

    /** A telemetry CSV without its wall-clock column (the one field that may differ). */
    static List<String> withoutSeconds(byte[] csv) {
        return new String(csv, java.nio.charset.StandardCharsets.UTF_8).lines()
                .map(l -> l.replaceFirst("^([^,]*),[^,]*", "$1")).toList();
    }

    static Genome genome(long seed) {
        return Preset.TINY.genome().withSeed(seed);
    }

    static RunConfig run() {
        return Preset.TINY.run().withSteps(30);
    }

    @Test
    void threeMembersTrainInParallelAndALostWorkersTaskIsTrainedElsewhere() throws Exception {
        Secret secret = fresh();
        String version = Build.version();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Coordinator c = coordinator(secret, version, COORDINATOR_PORT);
                WorkerNode w1 = worker(secret, version, "w1", WORKER_1_PORT, COORDINATOR_PORT);
                WorkerNode w2 = worker(secret, version, "w2", WORKER_2_PORT, COORDINATOR_PORT)) {
            assertTrue(c.awaitWorkers(2, 20_000), "two workers joined: " + log);
            assertEquals(3, c.member().getCluster().getMembers().size());
            assertTrue(c.member().getCluster().getLocalMember().isLiteMember(), "the coordinator holds no data");

            List<Future<Evaluation>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Genome g = genome(100 + i);
                futures.add(pool.submit(() -> c.evaluate(g, run(), () -> false)));
            }
            Set<String> workers = new HashSet<>();
            for (int i = 0; i < futures.size(); i++) {
                Evaluation e = futures.get(i).get(5, TimeUnit.MINUTES);
                // Trained on a Hazelcast executor thread, in whatever order: the same individual
                // trained here, on the test's thread, gives the same trace and pictures, bit for bit.
                Evaluation here = new io.equilibria.evolve.search.LocalEvaluator(Devices.parse("cpu"))
                        .evaluate(genome(100 + i), run(), () -> false);
                assertEquals(withoutSeconds(here.telemetryCsv()), withoutSeconds(e.telemetryCsv()), "genome " + (100 + i));
                assertTrue(java.util.Arrays.equals(here.sheetA(), e.sheetA()) && java.util.Arrays.equals(here.sheetB(),
                        e.sheetB()), "the same sheets for genome " + (100 + i));
                assertEquals(here.stability(), e.stability());
                assertEquals(here.descriptor(), e.descriptor());
                assertNotNull(e.stability());
                assertTrue(e.thumbnailA().length > 0 && e.sheetB().length > 0);
                assertEquals(30, e.summary().steps());
                workers.add(e.worker());
            }
            assertEquals(Set.of("w1 (cpu)", "w2 (cpu)"), workers, "both workers trained");
            assertTrue(Double.isFinite(c.scheduleOverheadMillis()), "the coordinator measured its overhead per task");
            JsonNode status = Json.mapper().readTree(Files.readAllBytes(dir.resolve("workers.json")));
            assertEquals(2, status.path("workers").size(), status.toString());

            // A worker dies in the middle of a training: the task is trained by the other one.
            Future<Evaluation> lost = pool.submit(() -> c.evaluate(genome(7), Preset.TINY.run().withSteps(400),
                    () -> false));
            await("a worker took the task").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> w1.current() != null || w2.current() != null);
            WorkerNode busy = w1.current() != null ? w1 : w2;
            String dead = busy == w1 ? "w1 (cpu)" : "w2 (cpu)";
            busy.terminate();
            Evaluation e = lost.get(5, TimeUnit.MINUTES);
            assertFalse(dead.equals(e.worker()), "trained again by the other worker");
            assertTrue(e.summary().steps() > 0, e.reason());
            assertTrue(log.stream().anyMatch(l -> l.contains("died or left while training")), log.toString());
            assertTrue(c.awaitWorkers(1, 1000));
            assertEquals(1, c.workers());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskThatRunsPastItsDeadlineIsTriedElsewhereThenFailsWithEveryReason() {
        Secret secret = fresh();
        String version = Build.version();
        try (Coordinator c = Coordinator.start(new Coordinator.Settings(secret, version, LOOPBACK, SECOND_COORDINATOR_PORT, false, 3, 0.5,
                null), log::add);
                WorkerNode w1 = worker(secret, version, "w1", SECOND_WORKER_1_PORT, SECOND_COORDINATOR_PORT);
                WorkerNode w2 = worker(secret, version, "w2", SECOND_WORKER_2_PORT, SECOND_COORDINATOR_PORT)) {
            assertTrue(c.awaitWorkers(2, 20_000), log.toString());
            Evaluator.Failed failed = assertThrows(Evaluator.Failed.class,
                    () -> c.evaluate(genome(100), Preset.TINY.run().withSteps(5000), () -> false));
            assertTrue(failed.getMessage().startsWith("not trained after 3 attempts"), failed.getMessage());
            assertEquals(3, java.util.regex.Pattern.compile("ran past its deadline of 0\\.5 s").matcher(failed.getMessage())
                    .results().count(), failed.getMessage());
            assertTrue(failed.getMessage().contains("w1 (cpu)") && failed.getMessage().contains("w2 (cpu)"),
                    "tried on the other worker too: " + failed.getMessage());
            assertEquals(2, log.stream().filter(l -> l.contains("again elsewhere")).count(), log.toString());
        }
    }

    @Test
    void workersAndCoordinatorRefuseToWorkAcrossVersions() {
        Secret secret = fresh();
        try (Coordinator c = coordinator(secret, "1.0+aaaaaa", OLD_VERSION_COORDINATOR_PORT)) {
            WorkerNode.Refused refused = assertThrows(WorkerNode.Refused.class,
                    () -> worker(secret, "1.1+bbbbbb", "old", OLD_VERSION_WORKER_PORT, OLD_VERSION_COORDINATOR_PORT));
            assertTrue(refused.getMessage().contains("runs equilibria 1.0+aaaaaa and this worker 1.1+bbbbbb"),
                    refused.getMessage());
            assertEquals(1, c.refused().size(), log.toString());
            assertTrue(c.refused().getFirst().contains("refused"), c.refused().toString());
            assertEquals(0, c.workers(), "no work for it");
        }
    }

    @Test
    void aMemberWithAnotherSecretNeverJoins() {
        try (Coordinator c = coordinator(fresh(), Build.version(), SECRET_COORDINATOR_PORT)) {
            assertThrows(WorkerNode.NoCoordinator.class, () -> WorkerNode.join(new WorkerNode.Settings(fresh(),
                    Build.version(), "stranger", Devices.parse("cpu"), LOOPBACK, STRANGER_PORT, LOOPBACK + ":" + SECRET_COORDINATOR_PORT, 10, 0),
                    3_000));
            assertEquals(0, c.workers());
        }
    }
}
