package io.equilibria.evolve.search;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.equilibria.archive.Entry;
import io.equilibria.archive.Query;
import io.equilibria.archive.SearchRun;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import io.equilibria.config.Side;
import io.equilibria.evolve.Main;
import io.equilibria.evolve.cli.Cli;
import io.equilibria.evolve.cluster.JavaProcess;
import io.equilibria.fitness.Descriptor;
import io.equilibria.fitness.Evaluation;
import io.equilibria.training.Devices;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search end to end on the tiny preset: real trainings, a real archive, real child JVMs. */
public class SearchTest {
    @TempDir
    Path dir;

    private static SearchConfig tiny(int generations) {
        SearchConfig c = SearchConfig.defaults("tiny");
        return new SearchConfig("tiny", c.population(), generations, c.budgetSteps(), 0, "nsga2", 0.5, 0.5, 15, 1);
    }

    private static List<String> lines(ByteArrayOutputStream out, String prefix) {
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length())).toList();
    }

    @Test
    void aTinySearchStoresEveryIndividualWithScoresThumbnailsAndLineage() {
        Cli cli = Cli.run("evolve", "--preset", "tiny", "--archive", dir.resolve("s.db").toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().contains("run search completed 2 generations"), cli.out());
        assertTrue(cli.out().contains("yield: "), cli.out());
        // On a CPU the search trains as many at once as it measured to pay, and keeps the measurement.
        assertTrue(cli.out().contains("measuring how many trainings at once pay"), cli.out());
        assertTrue(cli.out().lines().anyMatch(l -> l.matches("cpu: \\d+ trainings? at once, \\d+ threads? each .*")),
                cli.out());
        assertTrue(Files.exists(CpuConcurrency.file(dir.resolve("s.db"))));
        try (Archive archive = Archive.open(dir.resolve("s.db"))) {
            SearchRun run = archive.run("search").orElseThrow();
            assertEquals(2, run.generation());
            assertEquals(4, run.population().size());
            List<Entry> entries = archive.list(new Query(Sort.CREATED, true, null, "search", 0, 100)).entries();
            assertTrue(entries.size() >= 6, "initial population and offspring: " + entries.size());
            Set<String> ids = new HashSet<>();
            for (Entry e : entries) {
                assertTrue(ids.add(e.id()));
                assertEquals(Status.EVALUATED, e.status());
                assertNotNull(e.stability(), e.id());
                assertFalse(e.stability().reason().isEmpty());
                assertNotNull(e.novelty());
                assertEquals(Descriptor.NAMES, List.copyOf(e.descriptor().keySet()));
                assertTrue(archive.thumbnail(e.id(), Side.A).isPresent());
                assertTrue(e.files().containsKey(Entry.TELEMETRY));
                if (e.generation() == 0) {
                    assertTrue(e.parents().isEmpty());
                } else {
                    assertFalse(e.parents().isEmpty(), "offspring " + e.id() + " without parents");
                    e.parents().forEach(p -> assertTrue(archive.entry(p).isPresent(), "parent " + p));
                }
            }
            run.population().forEach(m -> assertTrue(ids.contains(m.entryId())));
            assertTrue(entries.stream().anyMatch(e -> e.generation() == 2));
        }
        Cli again = Cli.run("evolve", "--preset", "tiny", "--archive", dir.resolve("s.db").toString());
        assertEquals(0, again.exitCode());
        assertTrue(again.out().startsWith("run search has finished its 2 generations"), again.out());
        Cli other = Cli.run("evolve", "--preset", "tiny", "--population", "6", "--archive", dir.resolve("s.db").toString());
        assertEquals(2, other.exitCode());
        assertTrue(other.err().contains("exists with another configuration"), other.err());
    }

    @Test
    void aBadConcurrencyIsRefusedWithNothingCreated() {
        Path file = dir.resolve("c.db");
        Cli negative = Cli.run("evolve", "--preset", "tiny", "--concurrency", "-1", "--archive", file.toString());
        assertEquals(2, negative.exitCode());
        assertTrue(negative.err().contains("--concurrency") && negative.err().contains("-1"), negative.err());
        Cli withWorkers = Cli.run("evolve", "--preset", "tiny", "--concurrency", "2", "--devices", "cpu,cpu",
                "--archive", file.toString());
        assertEquals(2, withWorkers.exitCode());
        assertTrue(withWorkers.err().contains("--concurrency"), withWorkers.err());
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(CpuConcurrency.file(file)));
    }

    @Test
    void aSearchKilledMidGenerationResumesWithoutTrainingAnythingTwice() throws Exception {
        Path db = dir.resolve("killed.db");
        List<String> command = JavaProcess.command(SearchProcess.class, db.toString(), "3");
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> done = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            // The initial population is 4; kill in the middle of the first offspring generation.
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("done ")) {
                    done.add(line.substring(5));
                }
                if (done.size() == 5 && line.startsWith("start ")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    fail("the search did not get going");
                }
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertEquals(5, done.size(), "killed mid-generation");

        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Archive archive = Archive.open(db);
                Evaluator evaluator = new SearchProcess.Counting(new LocalEvaluator(Devices.parse("cpu")),
                        new PrintStream(trace, true, StandardCharsets.UTF_8))) {
            for (String id : done) {
                assertTrue(archive.entry(id).isPresent(), "committed before the kill: " + id);
            }
            Search search = new Search(archive, "search", tiny(3), evaluator, g -> true, new Search.Listener() {});
            assertEquals(Search.End.COMPLETED, search.run(() -> false));
            List<String> retrained = lines(trace, "done ");
            for (String id : retrained) {
                assertFalse(done.contains(id), "trained again after the resume: " + id);
            }
            assertEquals(new HashSet<>(retrained).size(), retrained.size(), "trained twice in one run");
            List<String> all = archive.ids();
            assertEquals(done.size() + retrained.size(), all.size(), "every training is one entry, none twice");
            assertEquals(3, archive.run("search").orElseThrow().generation());
        }

        // The same search uninterrupted breeds the same individuals: the resume changed nothing.
        Path straight = dir.resolve("straight.db");
        try (Archive archive = Archive.open(straight);
                Evaluator evaluator = new LocalEvaluator(Devices.parse("cpu"))) {
            new Search(archive, "search", tiny(3), evaluator, g -> true, new Search.Listener() {}).run(() -> false);
            try (Archive resumed = Archive.open(db)) {
                assertEquals(new HashSet<>(resumed.ids()), new HashSet<>(archive.ids()));
            }
        }
    }

    @Test
    void ctrlCStopsTheSearchAfterSavingAndTheSameCommandContinues() throws Exception {
        Path db = dir.resolve("ctrl-c.db");
        String[] args = {"evolve", "--preset", "tiny", "--generations", "4", "--archive", db.toString()};
        Path log = dir.resolve("log.txt");
        Process p = new ProcessBuilder(JavaProcess.command(Main.class, args)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            await("the search reaches generation 1").atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(100))
                    .failFast(() -> assertTrue(p.isAlive(), () -> "died: " + read(log)))
                    .until(() -> java.nio.file.Files.readString(log).contains("generation 1/4"));
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), () -> "did not stop: " + read(log));
            assertEquals(0, p.exitValue(), read(log));
        } finally {
            p.destroyForcibly();
        }
        String printed = read(log);
        assertTrue(printed.contains("state saved; run the same command again to continue"), printed);
        int stoppedAfter;
        try (Archive archive = Archive.open(db)) {
            stoppedAfter = archive.run("search").orElseThrow().generation();
        }
        assertTrue(stoppedAfter >= 1 && stoppedAfter < 4, "stopped after generation " + stoppedAfter);
        Cli again = Cli.run(args);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue((again.out() + again.err()).contains("continuing run search"), again.out() + again.err());
        assertTrue(again.out().contains("run search completed 4 generations"), again.out());
    }

    private static String read(Path f) {
        try {
            return java.nio.file.Files.readString(f);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Test
    void aFailedIndividualIsStoredAsFailedAndTheSearchGoesOn() {
        int[] calls = {0};
        Evaluator flaky = new Evaluator() {
            private final LocalEvaluator inner = new LocalEvaluator(Devices.parse("cpu"));

            @Override
            public String device() {
                return inner.device();
            }

            @Override
            public Evaluation evaluate(Genome genome, RunConfig run, BooleanSupplier stop) {
                if (++calls[0] == 2) {
                    throw new OutOfMemoryError("Java heap space (as a huge genome would)");
                }
                return inner.evaluate(genome, run, stop);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
        try (Archive archive = Archive.open(dir.resolve("f.db"))) {
            Search search = new Search(archive, "search", tiny(1), flaky, g -> true, new Search.Listener() {});
            assertEquals(Search.End.COMPLETED, search.run(() -> false));
            List<Entry> failed = archive.list(new Query(Sort.CREATED, false, Status.FAILED, null, 0, 10)).entries();
            assertEquals(1, failed.size());
            assertTrue(failed.getFirst().statusReason().startsWith("out of memory: Java heap space"),
                    failed.getFirst().statusReason());
            assertTrue(archive.ids().size() > 2, "the search went on");
            assertEquals(1, search.counts().get("failed"));
        }
    }

    @Test
    void theMemoryConstraintKeepsGenomesThatCannotFitOut() {
        List<Genome> trained = new ArrayList<>();
        Evaluator recording = new Evaluator() {
            private final LocalEvaluator inner = new LocalEvaluator(Devices.parse("cpu"));

            @Override
            public String device() {
                return "cpu";
            }

            @Override
            public Evaluation evaluate(Genome genome, RunConfig run, BooleanSupplier stop) {
                trained.add(genome);
                return inner.evaluate(genome, run, stop);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
        try (Archive archive = Archive.open(dir.resolve("m.db"))) {
            // Only genomes whose A has at most 8 base channels "fit" this pretend device.
            Search search = new Search(archive, "search", tiny(1), recording, g -> g.a().baseChannels() <= 8,
                    new Search.Listener() {});
            search.run(() -> false);
        }
        assertFalse(trained.isEmpty());
        trained.forEach(g -> assertTrue(g.a().baseChannels() <= 8, g.toString()));
        assertTrue(MemoryEstimate.bytes(io.equilibria.config.Preset.GPU.genome(), 256)
                > MemoryEstimate.bytes(io.equilibria.config.Preset.TINY.genome(), 16) * 1000);
    }

    @Test
    void aRunBredFromChosenFindsStartsFromThemAndItsLineageGoesBackToThemAcrossRuns() {
        String db = dir.resolve("b.db").toString();
        Cli first = Cli.run("evolve", "--preset", "tiny", "--generations", "1", "--run", "first", "--archive", db);
        assertEquals(0, first.exitCode(), first.err());
        List<String> chosen;
        try (Archive archive = Archive.open(Path.of(db))) {
            chosen = archive.rows(new Query(Sort.SCORE, false, io.equilibria.archive.Status.EVALUATED, "first", 0, 2))
                    .rows().stream().map(io.equilibria.archive.Row::id).toList();
        }
        assertEquals(2, chosen.size());
        Cli bred = Cli.run("evolve", "--preset", "tiny", "--generations", "1", "--run", "second", "--from",
                String.join(",", chosen), "--archive", db);
        assertEquals(0, bred.exitCode(), bred.err());
        try (Archive archive = Archive.open(Path.of(db))) {
            SearchRun second = archive.run("second").orElseThrow();
            assertEquals(chosen, java.util.stream.StreamSupport.stream(second.state().path("from").spliterator(), false)
                    .map(com.fasterxml.jackson.databind.JsonNode::asText).toList());
            List<Entry> bredEntries = archive.list(new Query(Sort.CREATED, true, null, "second", 0, 100)).entries();
            List<Entry> firstGeneration = bredEntries.stream().filter(e -> e.generation() == 0).toList();
            assertFalse(firstGeneration.isEmpty(), "the chosen genomes' mutants were trained");
            for (Entry e : firstGeneration) {
                assertFalse(e.parents().isEmpty(), e.id() + " has no parents");
                assertTrue(chosen.containsAll(e.parents()), e.id() + ": parents " + e.parents() + " not among " + chosen);
                for (String p : e.parents()) {
                    assertEquals("first", archive.entry(p).orElseThrow().runId(), "lineage crosses runs");
                }
            }
        }
        Cli unknown = Cli.run("evolve", "--preset", "tiny", "--run", "third", "--from", "0123456789abcdef", "--archive", db);
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().startsWith("equilibria: --from: no entry 0123456789abcdef"), unknown.err());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
        Cli again = Cli.run("evolve", "--preset", "tiny", "--run", "second", "--from", chosen.getFirst(), "--archive", db);
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("--from starts a new run"), again.err());
        Path none = dir.resolve("none.db");
        Cli nowhere = Cli.run("evolve", "--preset", "tiny", "--run", "x", "--from", chosen.getFirst(), "--archive",
                none.toString());
        assertEquals(2, nowhere.exitCode());
        assertFalse(Files.exists(none), "nothing created");
    }

    @Test
    void aRatingGivenBetweenTwoGenerationsSteersTheNextOne() {
        String db = dir.resolve("steer.db").toString();
        Cli first = Cli.run("evolve", "--preset", "tiny", "--generations", "1", "--archive", db);
        assertEquals(0, first.exitCode(), first.err());
        assertFalse((first.out() + first.err()).contains("toward your taste"), "no rating yet: two objectives");
        String id;
        try (Archive archive = Archive.open(Path.of(db))) {
            id = archive.rows(new Query(Sort.SCORE, false, io.equilibria.archive.Status.EVALUATED, "search", 0, 1)).rows()
                    .getFirst().id();
        }
        Cli rate = Cli.run("archive", "rate", id, "--favourite", "--archive", db);
        assertEquals(0, rate.exitCode(), rate.err());
        Cli second = Cli.run("evolve", "--preset", "tiny", "--generations", "2", "--archive", db);
        assertEquals(0, second.exitCode(), second.err());
        assertTrue((second.out() + second.err()).contains("generation 2 is bred toward your taste: 1 rated or compared"
                + " find predicts a third objective"), second.out() + second.err());
        Cli plain = Cli.run("evolve", "--preset", "tiny", "--generations", "1", "--objective", "nsga2", "--run", "plain",
                "--archive", db);
        assertEquals(0, plain.exitCode(), plain.err());
        assertFalse((plain.out() + plain.err()).contains("toward your taste"), "--objective nsga2 keeps two objectives");
    }
}
