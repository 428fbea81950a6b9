package io.equilibria.archive.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveInUseException;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Blob;
import io.equilibria.archive.Clustering;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Query;
import io.equilibria.archive.Rating;
import io.equilibria.archive.Row;
import io.equilibria.archive.RowPage;
import io.equilibria.archive.Samples;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import io.equilibria.config.Side;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive against other processes: a running owner, and owners killed at any moment. */
public class ProcessTest {
    private static final int COMPACT_EVERY_FEW_COMMITS = 64 * 1024;

    @TempDir
    Path dir;

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                // a journal this small is rewritten every few commits: kills land inside rewrites too
                "-Dequilibria.archive.compactMin=" + COMPACT_EVERY_FEW_COMMITS,
                "-cp", System.getProperty("java.class.path"), ArchiveProcess.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void aSecondProcessIsToldWhoOwnsTheArchiveAndCanStillRead() throws Exception {
        Path file = dir.resolve("busy.db");
        Process owner = start("hold", file.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine());
            ArchiveInUseException e = org.junit.jupiter.api.Assertions.assertThrows(ArchiveInUseException.class,
                    () -> Archive.open(file));
            assertTrue(e.getMessage().startsWith("archive " + file + " is in use by process " + owner.pid() + " on "),
                    e.getMessage());
            try (ArchiveView view = Archive.read(file)) {
                assertTrue(RemoteArchive.isRemote(view), "reads go through the owner");
                Entry entry = Samples.evaluated(7, 1.5);
                assertEquals(entry, view.resolve(entry.id().substring(0, 6)));
                assertEquals(1, view.list(Query.first(Sort.NOVELTY, 10)).total());
                RowPage rows = view.rows(Query.first(Sort.NOVELTY, 10));
                assertEquals(List.of(Row.of(entry)), rows.rows());
                assertEquals(1, view.rows(new Query(Sort.SCORE, false, null, null, "alive", 0, 10)).total());
                assertEquals(0, view.rows(new Query(Sort.SCORE, false, null, null, "noise", 0, 10)).total(),
                        "the verdict filter reaches the owner");
                assertEquals(1, view.stats().byStatus().get("evaluated"));
                assertTrue(view.thumbnail(entry.id(), Side.A).isPresent());
                assertFalse(view.entry("0000000000000000").isPresent());
                String unknown = org.junit.jupiter.api.Assertions.assertThrows(ArchiveException.class,
                        () -> view.resolve("fffffffffffffff0")).getMessage();
                assertTrue(unknown.startsWith("no entry fffffffffffffff0"), unknown);
                // The one change others may ask of the owner: storing a clustering (`equilibria cluster`).
                assertTrue(view.clustering().isEmpty());
                Clustering clustering = new Clustering(java.time.Instant.parse("2026-11-23T08:00:00Z"), "descriptors",
                        "", 42, 2, true, java.util.Map.of(2, 0.5), 0.5, List.of(0.7, 1.0), 1,
                        java.util.Map.of(entry.id(), 1), java.util.Map.of(entry.id(), List.of(1.0, -2.0, 0.5)));
                view.saveClustering(clustering);
                assertEquals(clustering, view.clustering().orElseThrow());
                // Rating, through the owner too; a bad one is refused there and changes nothing.
                Entry rated = view.rate(entry.id(), new Rating.Change(4, true, null, "warm fields", false));
                assertEquals(4, rated.rating().stars());
                assertTrue(rated.rating().favourite());
                assertEquals("warm fields", view.entry(entry.id()).orElseThrow().rating().note());
                assertEquals(1, view.rows(new Query(Sort.RATING, false, null, null, null, 0, 10, "favourite")).total(),
                        "the rating filter reaches the owner");
                assertEquals("4f", view.rows(Query.first(Sort.RATING, 10)).rows().getFirst().rating());
                String unknownRating = org.junit.jupiter.api.Assertions.assertThrows(ArchiveException.class,
                        () -> view.rate("fffffffffffffff0", Rating.Change.ofStars(2))).getMessage();
                assertTrue(unknownRating.startsWith("no entry fffffffffffffff0"), unknownRating);
                assertEquals(4, view.entry(entry.id()).orElseThrow().rating().stars());
            }
        } finally {
            owner.destroyForcibly().waitFor();
        }
        try (Archive archive = Archive.open(file)) {
            assertEquals(1, archive.ids().size(), "the owner's commit survived its death");
            assertEquals(2, archive.clustering().orElseThrow().k(), "and so did the clustering it stored for us");
            assertEquals("warm fields", archive.list(Query.first(Sort.RATING, 1)).entries().getFirst().rating().note(),
                    "and the rating");
        }
    }

    @Test
    void killedAtRandomMomentsTheArchiveKeepsEveryCommittedEntryAndNoDanglingBlob() throws Exception {
        Path file = dir.resolve("churn.db");
        Random random = new Random(20261123);
        List<String> committed = new ArrayList<>();
        java.util.Set<String> promoted = new java.util.HashSet<>();
        int lastGeneration = -1;
        long seed = 0;
        for (int round = 0; round < 20; round++) {
            Process p = start("churn", file.toString(), Long.toString(seed));
            List<String> lines = new ArrayList<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                    }
                } catch (IOException ignored) {
                    // the process was killed
                }
            });
            // Wait for the first commit of this round, then kill after a random further moment.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                synchronized (lines) {
                    if (!lines.isEmpty()) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    fail("the writer made no commit in round " + round);
                }
                Thread.sleep(5);
            }
            Thread.sleep(random.nextInt(400));
            p.destroyForcibly(); // SIGKILL
            p.waitFor();
            reader.join();
            synchronized (lines) {
                for (String line : lines) {
                    String[] words = line.split(" ");
                    switch (words[0]) {
                        case "committed" -> committed.add(words[1]);
                        case "promoted" -> {
                            promoted.add(words[1]);
                            lastGeneration = Integer.parseInt(words[2]);
                        }
                        default -> fail("unexpected line from the writer: " + line);
                    }
                }
            }
            seed += lines.size() + 1;

            try (Archive archive = Archive.open(file)) {
                List<String> ids = archive.ids();
                for (String id : committed) {
                    assertTrue(ids.contains(id), "round " + round + ": committed entry " + id + " is missing");
                }
                for (String id : promoted) {
                    assertEquals(Status.PROMOTED, archive.entry(id).orElseThrow().status(),
                            "round " + round + ": a committed update of " + id + " is missing");
                }
                if (lastGeneration >= 0) {
                    int stored = archive.run("churn").orElseThrow().generation();
                    assertTrue(stored >= lastGeneration, "round " + round + ": run at generation " + stored
                            + ", committed " + lastGeneration);
                }
                for (String id : ids) {
                    for (Blob blob : archive.entry(id).orElseThrow().files().values()) {
                        assertTrue(archive.intact(blob), "round " + round + ": entry " + id + " has a damaged blob");
                    }
                    assertTrue(archive.thumbnail(id, Side.A).isPresent());
                }
                archive.collectGarbage();
                try (var files = Files.list(archive.blobDir())) {
                    assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".tmp-")));
                }
            }
        }
        assertTrue(committed.size() >= 20, "only " + committed.size() + " commits in 20 rounds");
    }
}
