package io.equilibria.evolve.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Query;
import io.equilibria.archive.SearchRun;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.Json;
import io.equilibria.config.Side;
import io.equilibria.evolve.Main;
import io.equilibria.evolve.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches whose individuals train on worker processes: {@code --devices cpu,cpu} on loopback, a
 * worker killed with {@code kill -9} in the middle of a training, and a coordinator killed and
 * started again while its workers stay up.
 */
public class WorkersTest {
    @TempDir
    Path dir;

    /** Every entry of the run: evaluated, each id once, and the population among them. */
    private static List<Entry> assertEvaluatedOnce(Path db, int generations) {
        try (Archive archive = Archive.open(db)) {
            SearchRun run = archive.run("search").orElseThrow();
            assertEquals(generations, run.generation());
            List<Entry> entries = archive.list(new Query(Sort.CREATED, true, null, "search", 0, 1000)).entries();
            Set<String> ids = new HashSet<>();
            for (Entry e : entries) {
                assertTrue(ids.add(e.id()), "stored twice: " + e.id());
                assertEquals(Status.EVALUATED, e.status(), e.id() + " " + e.statusReason());
                assertNotNull(e.stability(), e.id());
                assertTrue(archive.thumbnail(e.id(), Side.B).isPresent(), e.id());
            }
            run.population().forEach(m -> assertTrue(ids.contains(m.entryId()), m.entryId()));
            return entries;
        }
    }

    private static JsonNode status(Path db) {
        try {
            return Json.mapper().readTree(Files.readAllBytes(Path.of(db + ".workers.json")));
        } catch (Exception e) {
            return null; // not written yet, or between two writes
        }
    }

    @Test
    void aSearchOnTwoLocalWorkersSurvivesAWorkerKilledMidTrainingAndRecyclesThem() throws Exception {
        Path db = dir.resolve("devices.db");
        CompletableFuture<Cli> search = CompletableFuture.supplyAsync(() -> Cli.run("evolve", "--devices", "cpu,cpu",
                "--preset", "tiny", "--budget-steps", "250", "--generations", "1", "--recycle-after", "2", "--archive",
                db.toString()));
        java.util.concurrent.atomic.AtomicReference<JsonNode> training = new java.util.concurrent.atomic.AtomicReference<>();
        await("a worker training for 300 ms").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(50))
                .failFast(() -> assertFalse(search.isDone(),
                        () -> "the search ended before a worker could be killed: " + search.join()))
                .until(() -> {
                    JsonNode s = status(db);
                    for (JsonNode w : s == null ? List.<JsonNode>of() : s.path("workers")) {
                        if (w.path("state").asText().equals("training") && java.time.Instant.parse(w.path("since")
                                .asText()).isBefore(java.time.Instant.now().minusMillis(300))) {
                            training.set(w);
                            return true;
                        }
                    }
                    return false;
                });
        long victim = Long.parseLong(training.get().path("pid").asText());
        String task = training.get().path("task").asText();
        ProcessHandle.of(victim).orElseThrow().destroyForcibly(); // SIGKILL, mid-training
        Cli cli = search.get(5, TimeUnit.MINUTES);
        assertEquals(0, cli.exitCode(), cli.err());
        String printed = cli.out() + cli.err(); // the progress display and its notes go to stderr
        assertTrue(printed.contains("on 2 workers"), printed);
        assertTrue(printed.contains("died or left while training " + task.substring(0, 8)), printed);
        assertTrue(printed.contains("run search completed 1 generations"), printed);
        assertTrue(printed.contains("recycled its process"), "a worker starts afresh after 2 individuals: " + printed);
        List<Entry> entries = assertEvaluatedOnce(db, 1);
        String lost = task;
        assertTrue(entries.stream().anyMatch(e -> e.id().equals(lost)), "the killed worker's individual was trained again");
        assertFalse(Files.exists(Path.of(db + ".workers.json")), "the live view's file goes with the search");
        // The search has returned; its worker processes end as their supervisor lets go of them.
        org.awaitility.Awaitility.await("no worker process is left behind").atMost(Duration.ofSeconds(60))
                .until(() -> ProcessHandle.current().descendants().noneMatch(p -> p.info().commandLine().orElse("")
                        .contains("worker-process")));
    }

    @Test
    void aRestartedCoordinatorFindsItsWorkersStillThere() throws Exception {
        Path db = dir.resolve("cluster.db");
        String secret = "restart-" + UUID.randomUUID();
        String coordinatorAddress = "127.0.0.1:" + io.equilibria.evolve.cluster.Nodes.freeLoopbackPort();
        String workerPort = Integer.toString(io.equilibria.evolve.cluster.Nodes.freeLoopbackPort());
        Path workerLog = dir.resolve("worker.log");
        Process worker = new ProcessBuilder(JavaProcess.command(Main.class, "worker", "--join", coordinatorAddress,
                "--devices", "cpu", "--name", "w", "--bind", "127.0.0.1", "--port", workerPort, "--secret", secret))
                .redirectErrorStream(true).redirectOutput(workerLog.toFile()).start();
        String[] evolve = {"evolve", "--cluster", "--listen", coordinatorAddress, "--secret", secret, "--preset", "tiny",
            "--budget-steps", "150", "--generations", "2", "--archive", db.toString()};
        Path first = dir.resolve("first.log");
        try {
            Process coordinator = new ProcessBuilder(JavaProcess.command(Main.class, evolve)).redirectErrorStream(true)
                    .redirectOutput(first.toFile()).start();
            await("the worker trained two individuals").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(50))
                    .failFast(() -> assertTrue(coordinator.isAlive(), () -> "the coordinator died: " + read(first)))
                    .until(() -> {
                        JsonNode s = status(db);
                        return s != null && s.path("workers").size() == 1
                                && s.path("workers").get(0).path("done").asInt() >= 2;
                    });
            List<Long> members = worker.descendants().map(ProcessHandle::pid).toList();
            assertEquals(1, members.size(), "one worker process");
            coordinator.destroyForcibly().waitFor(); // kill -9

            Cli again = Cli.run(evolve);
            assertEquals(0, again.exitCode(), again.err() + read(workerLog));
            String printed = again.out() + again.err();
            assertTrue(printed.contains("continuing run search"), printed);
            assertTrue(printed.contains("worker w (cpu) joined"), printed);
            assertTrue(printed.contains("run search completed 2 generations"), printed);
            assertTrue(worker.isAlive(), "the worker stayed up");
            assertEquals(members, worker.descendants().map(ProcessHandle::pid).toList(),
                    "the same worker process trained for the restarted coordinator");
            assertTrue(read(workerLog).contains("the coordinator left; waiting for it to come back"), read(workerLog));
            assertEvaluatedOnce(db, 2);
        } finally {
            worker.destroy();
            assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "the worker stops on TERM");
            assertEquals(0, worker.exitValue(), read(workerLog));
        }
    }

    @Test
    void badClusterOptionsGetOneLineErrorsNamingTheOption() {
        Cli noSecret = Cli.run("worker", "--join", "127.0.0.1:25901");
        if (System.getenv(io.equilibria.evolve.cluster.Secret.ENV) == null) {
            assertEquals(2, noSecret.exitCode());
            assertTrue(noSecret.err().contains("--secret"), noSecret.err());
        }
        Cli badJoin = Cli.run("worker", "--join", "127.0.0.1:http", "--secret", "long enough secret");
        assertEquals(2, badJoin.exitCode());
        assertTrue(badJoin.err().contains("--join") && badJoin.err().contains("HOST:PORT"), badJoin.err());
        Cli shortSecret = Cli.run("worker", "--join", "127.0.0.1:25901", "--secret", "short");
        assertEquals(2, shortSecret.exitCode());
        assertTrue(shortSecret.err().contains("at least 8 characters"), shortSecret.err());
        Cli badDevice = Cli.run("evolve", "--devices", "cpu,tpu:0", "--archive", dir.resolve("x.db").toString());
        assertEquals(2, badDevice.exitCode());
        assertTrue(badDevice.err().contains("tpu:0"), badDevice.err());
        Cli badListen = Cli.run("evolve", "--cluster", "--listen", "10.0.0.5:99999", "--secret", "long enough secret",
                "--archive", dir.resolve("y.db").toString());
        assertEquals(2, badListen.exitCode());
        assertTrue(badListen.err().contains("--listen"), badListen.err());
        assertEquals(1, badListen.err().strip().lines().count(), badListen.err());
        assertFalse(Files.exists(dir.resolve("x.db")) || Files.exists(dir.resolve("y.db")), "no archive was made");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
