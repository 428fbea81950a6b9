package io.equilibria.evolve.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.archive.Entry;
import io.equilibria.archive.Status;
import io.equilibria.archive.store.Archive;
import io.equilibria.evolve.Main;
import io.equilibria.evolve.cluster.JavaProcess;
import io.equilibria.evolve.promote.Promotion;
import io.equilibria.evolve.run.Progress;
import io.equilibria.evolve.run.TempDirs;
import io.equilibria.training.Devices;
import io.equilibria.training.video.RenderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.NIOUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code equilibria promote} and {@code render} on a tiny find. */
public class PromoteCommandTest {
    @TempDir
    Path dir;

    /**
     * The tiny preset's sizes with the cpu preset's bounded dynamics (bilinear upsampling, relative
     * colour, hinge): a promotion is judged like a search's individual, and the tiny preset's
     * pictures are pixel noise after a few steps.
     */
    static final String HEALTHY_TINY = "{\"seed\":1,\"zDim\":32,\"batchSize\":4,\"a\":{\"mappingLayers\":2,\"wDim\":32,\"baseChannels\":16,\"channelDecay\":0.5,\"noise\":true,\"demodulate\":true,\"activation\":\"leaky_relu\",\"upsampling\":\"bilinear\",\"progressive\":false,\"fadeFraction\":0.5,\"classWeight\":1.0,\"embedWeight\":1.0,\"colourWeight\":1.0,\"embedDistance\":\"l2\",\"colourForm\":\"hinge\",\"learningRate\":0.002,\"colourMeasure\":\"relative\"},\"b\":{\"mappingLayers\":2,\"wDim\":32,\"baseChannels\":16,\"channelDecay\":0.5,\"noise\":true,\"demodulate\":true,\"activation\":\"leaky_relu\",\"upsampling\":\"bilinear\",\"progressive\":false,\"fadeFraction\":0.5,\"classWeight\":1.0,\"embedWeight\":1.0,\"colourWeight\":1.0,\"embedDistance\":\"l2\",\"colourForm\":\"hinge\",\"learningRate\":0.002,\"colourMeasure\":\"relative\"},\"d\":{\"baseChannels\":16,\"channelDecay\":0.5,\"embeddingDim\":32,\"minibatchStddev\":false,\"mode\":\"classifier\",\"batchSize\":4,\"learningRate\":0.002}}";

    private String trainedEntry(Path db) throws java.io.IOException {
        return trainedEntry(db, HEALTHY_TINY);
    }

    private String trainedEntry(Path db, String genomeJson) throws java.io.IOException {
        Path genome = java.nio.file.Files.writeString(dir.resolve("tiny.json"), genomeJson);
        Cli train = Cli.run("train", "--genome", genome.toString(), "--resolution", "16", "--telemetry-every", "2",
                "--steps", "4", "--sample-every", "2", "--out", dir.resolve("run").toString(), "--archive", db.toString());
        assertEquals(0, train.exitCode(), train.err());
        return train.out().lines().filter(l -> l.startsWith("stored as entry ")).findFirst().orElseThrow().split(" ")[3];
    }

    private static int frames(Path mp4) throws Exception {
        int n = 0;
        try (var channel = NIOUtils.readableChannel(mp4.toFile())) {
            FrameGrab grab = FrameGrab.createFrameGrab(channel);
            while (grab.getNativeFrame() != null) {
                n++;
            }
        }
        return n;
    }

    private static final Progress.Factory QUIET = (task, max, unit, initial) -> new Progress() {
        @Override
        public void update(long done, String status) {}

        @Override
        public void println(String line) {}

        @Override
        public void close() {}
    };

    @Test
    void aPromotionTrainsRendersAndStoresItsVideo() throws Exception {
        Path db = dir.resolve("p.db");
        String id = trainedEntry(db);
        Cli promote = Cli.run("promote", id.substring(0, 6), "--steps", "8", "--video-seconds", "1", "--size", "64x32",
                "--archive", db.toString());
        assertEquals(0, promote.exitCode(), promote.err());
        assertTrue(promote.out().contains(id + " rendered"), promote.out());
        Path video;
        try (Archive archive = Archive.open(db)) {
            Entry e = archive.entry(id).orElseThrow();
            assertEquals(Status.RENDERED, e.status());
            for (String role : List.of(Promotion.CHECKPOINT, Promotion.SHEET, Promotion.TELEMETRY, Promotion.VIDEO,
                    Promotion.VIDEO_SHEET, Promotion.VIDEO_SETTINGS)) {
                assertTrue(e.files().containsKey(role), role);
                assertTrue(archive.intact(e.files().get(role)), role);
            }
            video = archive.blobPath(e.files().get(Promotion.VIDEO));
            String settings = Files.readString(archive.blobPath(e.files().get(Promotion.VIDEO_SETTINGS)));
            assertTrue(settings.contains("\"path\" : \"" + video + "\"") && settings.contains("\"fps\" : 30"), settings);
        }
        assertEquals(30, frames(video));

        // Another video of the same find, from its promotion's checkpoint.
        // Another video of the same find, stacked, with two colour variations.
        Cli render = Cli.run("render", id, "--seconds", "0.5", "--fps", "20", "--size", "32x64", "--keyframes", "3",
                "--layout", "stack", "--variations", "2", "--threads", "2", "--archive", db.toString());
        assertEquals(0, render.exitCode(), render.err());
        List<String> printed = render.out().lines().toList();
        assertEquals(3, printed.size(), render.out());
        for (String path : printed) {
            assertEquals(10, frames(Path.of(path)), path);
        }
        assertFalse(Files.exists(Promotion.workDir(db, id).resolve("render")), "render's scratch files are removed");
        try (Archive archive = Archive.open(db)) {
            Entry e = archive.entry(id).orElseThrow();
            List<String> variations = e.files().keySet().stream().filter(r -> r.startsWith(Promotion.VARIATION_PREFIX)).toList();
            assertEquals(2, variations.size(), e.files().keySet().toString());
            assertTrue(e.files().containsKey(Promotion.VARIATIONS_SHEET));
            String settings = Files.readString(archive.blobPath(e.files().get(Promotion.VIDEO_SETTINGS)));
            assertTrue(settings.contains("\"layout\" : \"stack\"") && settings.contains("\"kind\" : \"hue\""), settings);
            assertEquals(printed.getFirst(), archive.blobPath(e.files().get(Promotion.VIDEO)).toString());
        }
        // Without variations, a render replaces the last one's.
        Cli plain = Cli.run("render", id, "--seconds", "0.5", "--size", "32x16", "--archive", db.toString());
        assertEquals(0, plain.exitCode(), plain.err());
        try (Archive archive = Archive.open(db)) {
            assertTrue(archive.entry(id).orElseThrow().files().keySet().stream()
                    .noneMatch(r -> r.startsWith(Promotion.VARIATION_PREFIX) || r.equals(Promotion.VARIATIONS_SHEET)));
        }
    }

    /** Finished segment files under {@code work} (names only: a render renames them as this looks). */
    private static long segmentsOnDisk(Path work) throws java.io.IOException {
        if (!Files.isDirectory(work)) {
            return 0;
        }
        long n = 0;
        try (var dirs = Files.list(work)) {
            for (Path d : dirs.toList()) {
                try (var files = Files.list(d)) {
                    n += files.filter(f -> f.getFileName().toString().endsWith(".h264")).count();
                } catch (java.nio.file.NoSuchFileException gone) {
                    // removed as the render finished
                }
            }
        }
        return n;
    }

    @Test
    void aRenderKilledWithSigkillContinuesFromTheSegmentsItFinished() throws Exception {
        Path db = dir.resolve("k.db");
        String id = trainedEntry(db);
        String[] render = {"render", id, "--seconds", "120", "--size", "320x160", "--archive", db.toString()};
        Path segments = Promotion.workDir(db, id).resolve("render").resolve("segments");
        java.io.File log = dir.resolve("render.log").toFile();
        Process p = new ProcessBuilder(JavaProcess.command(Main.class, render)).redirectErrorStream(true)
                .redirectOutput(log).start();
        try {
            // two of 57 segments finished: kill it in the middle
            await("two segments on disk").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(10))
                    .failFast(() -> assertTrue(p.isAlive(), () -> "ended before it could be killed: " + contents(log.toPath())))
                    .until(() -> segmentsOnDisk(segments) >= 2);
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        long kept = segmentsOnDisk(segments);
        Cli again = Cli.run(render);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains(kept + " segments were kept from a stopped render"), again.err());
        assertEquals(3600, frames(Path.of(again.out().lines().findFirst().orElseThrow())));
        assertEquals(0, segmentsOnDisk(segments), "the segments are removed once the video is stored");
    }

    @Test
    void aPromotionThatDiesStopsFailsWithItsReasonKeepsItsLastLivingCheckpointAndRendersNothing() throws Exception {
        // The healthy genome at five times its learning rates lives for a few tens of steps, then
        // its A turns to pixel noise for good (at step 100 half its power is at high frequencies).
        Path db = dir.resolve("f.db");
        String id = trainedEntry(db, HEALTHY_TINY.replace("\"learningRate\":0.002,\"colourMeasure\"",
                "\"learningRate\":0.01,\"colourMeasure\""));
        Cli promote = Cli.run("promote", id, "--steps", "100", "--video-seconds", "1", "--size", "64x32",
                "--archive", db.toString());
        assertEquals(0, promote.exitCode(), promote.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(id)
                + " failed: promotion: the full training was noise at 3 checkpoints in a row and stopped at step"
                + " (\\d+): A: pixel noise: .*; the archive keeps its last living checkpoint \\(step (\\d+)\\)")
                .matcher(promote.out().strip());
        assertTrue(m.matches(), promote.out());
        int stopped = Integer.parseInt(m.group(1));
        int kept = Integer.parseInt(m.group(2));
        assertTrue(kept > 0 && kept % 10 == 0, "a checkpoint of the promotion (every 10 steps): " + kept);
        assertEquals(kept + 3 * 10, stopped, "three dead checkpoints after the last living one, then no more steps");
        assertTrue(stopped < 100, "it did not train out the budget: " + stopped);
        try (Archive archive = Archive.open(db)) {
            Entry e = archive.entry(id).orElseThrow();
            assertEquals(Status.FAILED, e.status());
            assertTrue(e.statusReason().startsWith("promotion: the full training was noise"), e.statusReason());
            for (String role : List.of(Promotion.CHECKPOINT, Promotion.SHEET, Promotion.TELEMETRY)) {
                assertTrue(e.files().containsKey(role) && archive.intact(e.files().get(role)), role);
            }
            assertFalse(e.files().containsKey(Promotion.VIDEO), "a failed promotion is not rendered");
            // The kept telemetry ends at the kept checkpoint: the living one, not the last.
            List<String> rows = Files.readAllLines(archive.blobPath(e.files().get(Promotion.TELEMETRY)));
            assertEquals(kept, Integer.parseInt(rows.getLast().split(",")[0]), rows.getLast());
        }
        // What was kept still makes a video.
        Cli render = Cli.run("render", id, "--seconds", "0.5", "--fps", "10", "--size", "32x16", "--archive",
                db.toString());
        assertEquals(0, render.exitCode(), render.err());
        assertEquals(5, frames(Path.of(render.out().lines().findFirst().orElseThrow())));
    }

    @Test
    void aStoppedPromotionContinuesFromItsCheckpointEvenWithoutItsWorkFolder() throws Exception {
        Path db = dir.resolve("r.db");
        String id = trainedEntry(db);
        RenderSettings video = new RenderSettings(0.2, 10, 2, 32, 16, 1);
        Promotion.Request budget = new Promotion.Request(20, null, null);
        List<String> log = new ArrayList<>();
        Promotion.Done first;
        Promotion.Done second;
        try (Archive archive = Archive.open(db)) {
            Promotion promotion = new Promotion(archive, Devices.parse("cpu"), log::add);
            AtomicLong asked = new AtomicLong();
            // Stop once the first checkpoint (every 2 steps for 20) has been stored in the archive.
            first = promotion.run(id, budget, video, QUIET, () -> archive.entry(id).orElseThrow().files()
                    .containsKey(Promotion.CHECKPOINT) && asked.incrementAndGet() > 0);
            assertTrue(first.stopped());
            assertEquals(Status.TRAINING, archive.entry(id).orElseThrow().status());
            TempDirs.delete(Promotion.workDir(db, id)); // as on another machine: only the archive is left
            second = promotion.run(id, budget, video, QUIET, () -> false);
        }
        assertTrue(first.endStep() > 0 && first.endStep() < 20, "first run: " + first);
        assertEquals(first.endStep(), second.startStep(), "the second run starts where the first stopped");
        assertEquals(20, second.endStep());
        assertEquals(Status.RENDERED, second.entry().status());
        assertTrue(log.contains("continuing from the checkpoint stored in the archive"), log.toString());
    }

    @Test
    void badInputGetsOneLineAndExitCodeTwo() throws Exception {
        Path db = dir.resolve("b.db");
        String id = trainedEntry(db);
        String[][] cases = {
            {"no entry 0123 in archive", "promote", "0123"},
            {"\"zz\" is not an entry id", "render", "zz"},
            {"--size: 513x256", "render", id, "--size", "513x256"},
            {"--size: \"big\" is not WIDTHxHEIGHT", "render", id, "--size", "big"},
            {"--seconds: 0.0 is not a length", "render", id, "--seconds", "0"},
            {"--layout: \"diagonal\" is not one of side, stack, a, b", "render", id, "--layout", "diagonal"},
            {"--quality: 5 is not between 10", "render", id, "--quality", "5"},
            {"--variations: 999 is not between 0 and 180", "render", id, "--variations", "999"},
            {"--background: \"bluish\" is not a colour", "render", id, "--background", "bluish"},
            {"--gap: 200 is not between 0", "render", id, "--gap", "200"},
            {"--threads: 0 is not between 1", "render", id, "--threads", "0"},
            {"--steps: 0 is not a number of steps", "promote", id, "--steps", "0"},
            {"--resolution: 24 is not a power of two", "promote", id, "--resolution", "24"},
            {"ID: missing", "promote"},
        };
        List<String> failures = new ArrayList<>();
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of(c).subList(1, c.length));
            args.addAll(List.of("--archive", db.toString()));
            Cli cli = Cli.run(args.toArray(String[]::new));
            if (cli.exitCode() != 2 || !cli.err().startsWith("equilibria: ") || !cli.err().contains(c[0])) {
                failures.add(String.join(" ", args) + " -> " + cli.exitCode() + ": " + cli.err());
            }
        }
        assertEquals(List.of(), failures);
        try (Archive archive = Archive.open(db)) {
            assertEquals(Status.EVALUATED, archive.entry(id).orElseThrow().status(), "nothing changed");
        }
        Cli empty = Cli.run("promote", "--queue", "--archive", db.toString());
        assertEquals(0, empty.exitCode(), empty.err());
        assertTrue(empty.out().startsWith("the queue is empty"), empty.out());
        try (Archive archive = Archive.open(db)) {
            archive.promote(id); // as the browser's button does
            assertEquals(List.of(id), PromoteCommand.queued(archive));
        }
    }

    private static String contents(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }
}
