package io.equilibria.evolve.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Preset;
import io.equilibria.evolve.Main;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user stories of {@code equilibria train}. */
public class TrainCommandTest {
    @TempDir
    Path dir;

    private static JsonNode json(Path file) throws IOException {
        return ConfigJson.mapper().readTree(Files.readString(file));
    }

    private static List<String> csv(Path out) throws IOException {
        return Files.readAllLines(out.resolve("telemetry.csv"));
    }

    @Test
    void aUserTrainsTinyThenExtendsItWithResume() throws IOException {
        Path out = dir.resolve("run");
        Cli first = Cli.run("train", "--preset", "tiny", "--steps", "10", "--sample-every", "5",
                "--telemetry-every", "2", "--out", out.toString());
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().startsWith("done after 10 steps"), first.out());
        assertEquals(Preset.TINY.genome(), ConfigJson.readGenome(out.resolve("genome.json")));
        assertEquals(1 + 5, csv(out).size());
        assertTrue(Files.exists(out.resolve("samples/step-0000005.png")));
        assertTrue(ImageIO.read(out.resolve("final.png").toFile()).getWidth() > 0);
        assertEquals("completed", json(out.resolve("result.json")).get("outcome").asText());
        assertEquals("cpu", json(out.resolve("result.json")).at("/provenance/device").asText());

        Cli again = Cli.run("train", "--preset", "tiny", "--out", out.toString());
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("already holds a training; continue it with --resume"), again.err());

        Cli more = Cli.run("train", "--resume", out.toString(), "--steps", "14");
        assertEquals(0, more.exitCode(), more.err());
        assertTrue(more.out().startsWith("done after 14 steps"), more.out());
        assertEquals(1 + 7, csv(out).size());
        assertEquals(14, json(out.resolve("result.json")).get("steps").asInt());
    }

    @Test
    void aTrainingInterruptedByCtrlCSavesACheckpointAndResumes() throws Exception {
        Path out = dir.resolve("interrupted");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--preset", "tiny", "--steps", "100000", "--sample-every", "10", "--out", out.toString());
        pb.redirectErrorStream(true);
        File log = dir.resolve("log.txt").toFile();
        pb.redirectOutput(log);
        Process p = pb.start();
        try {
            await("the sheet of step 20").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .failFast(() -> assertTrue(p.isAlive(), () -> "died: " + read(log)))
                    .until(() -> Files.exists(out.resolve("samples/step-0000020.png")));
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), () -> "did not stop: " + read(log));
        } finally {
            p.destroyForcibly();
        }
        String printed = read(log);
        assertTrue(printed.contains("stopping after the current step"), printed);
        JsonNode result = json(out.resolve("result.json"));
        assertEquals("stopped", result.get("outcome").asText(), printed);
        long stoppedAt = result.get("steps").asLong();
        assertTrue(stoppedAt >= 20, "steps " + stoppedAt);

        // resumed in a process of its own: what libtorch prints natively reaches this terminal too;
        // on one thread, as a search's side-by-side trainings run (libtorch then considers NNPACK for
        // 1 x 1 convolutions and, where NNPACK cannot start, warned on every one)
        ProcessBuilder resume = new ProcessBuilder(java, "-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.pytorch.num_threads=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--resume", out.toString(), "--steps", Long.toString(stoppedAt + 5));
        File resumeLog = dir.resolve("resume.txt").toFile();
        Process resumed = resume.redirectErrorStream(true).redirectOutput(resumeLog).start();
        assertEquals(0, resumed.waitFor(), () -> read(resumeLog));
        String terminal = read(resumeLog);
        assertTrue(terminal.contains("done after " + (stoppedAt + 5) + " steps"), terminal);
        assertFalse(terminal.contains("Warning") || terminal.matches("(?s).*\\[W\\d{4} .*"),
                "libtorch's warnings reach the terminal: " + terminal);
    }

    private static String read(File f) {
        try {
            return Files.readString(f.toPath());
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
