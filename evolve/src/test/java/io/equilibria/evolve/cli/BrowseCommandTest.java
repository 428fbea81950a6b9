package io.equilibria.evolve.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.archive.Entry;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.Preset;
import io.equilibria.evolve.Main;
import io.equilibria.evolve.cluster.JavaProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code equilibria browse} as a user runs it: started, used, stopped with Ctrl-C. */
public class BrowseCommandTest {
    @TempDir
    Path dir;

    @Test
    void servesUntilCtrlCAndLeavesTheArchiveClosed() throws Exception {
        Path db = dir.resolve("b.db");
        try (Archive archive = Archive.open(db)) {
            archive.write(w -> {
                w.put(Entry.pending(Preset.TINY.genome(), Preset.TINY.run(), "import", List.of(), 0), null);
                return null;
            });
        }
        Process p = new ProcessBuilder(JavaProcess.command(Main.class, "browse", "--port", "0", "--archive",
                db.toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher m = Pattern.compile("browse .* at (http://127\\.0\\.0\\.1:\\d+/) .*").matcher(String.valueOf(line));
            assertTrue(m.matches(), line);
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(m.group(1))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, page.statusCode());
                assertTrue(page.body().contains("Gallery") && page.body().contains("1 entries"), page.body());
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "Ctrl-C stops it");
            assertEquals(0, p.exitValue(), "a stop asked for is not a failure");
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertFalse(Files.exists(db.resolveSibling("b.db.owner")), "closed cleanly: no rebuild needed next time");
    }

    @Test
    void aBadPortIsRefused() {
        Cli cli = Cli.run("browse", "--port", "70000", "--archive", dir.resolve("x.db").toString());
        assertEquals(2, cli.exitCode());
        assertTrue(cli.err().startsWith("equilibria: --port: 70000 is not a port"), cli.err());
        Cli missing = Cli.run("browse", "--port", "0", "--archive", dir.resolve("none.db").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no archive at"), missing.err());
    }

    @Test
    void theBreedButtonStartsARunBredFromTheChosenFindsInTheBackground() throws Exception {
        Path db = dir.resolve("bred.db");
        Cli first = Cli.run("evolve", "--preset", "tiny", "--population", "2", "--generations", "1", "--run", "first",
                "--archive", db.toString());
        assertEquals(0, first.exitCode(), first.err());
        String chosen;
        try (Archive archive = Archive.openExisting(db, false)) {
            chosen = archive.ids().stream().filter(id -> archive.entry(id).orElseThrow().status()
                    == io.equilibria.archive.Status.EVALUATED).findFirst().orElseThrow();
        }
        Process p = new ProcessBuilder(JavaProcess.command(Main.class, "browse", "--port", "0", "--archive",
                db.toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Matcher url = Pattern.compile("browse .* at (http://127\\.0\\.0\\.1:\\d+/) .*").matcher(String.valueOf(out.readLine()));
            assertTrue(url.matches());
            String page = client.send(HttpRequest.newBuilder(URI.create(url.group(1) + "breed?id=" + chosen)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher token = Pattern.compile("name=\"token\" value=\"([0-9a-f]+)\"").matcher(page);
            assertTrue(token.find() && page.contains("Start this run"), page);
            String form = "ids=" + chosen + "&run=bred-1&token=";
            HttpResponse<String> forged = client.send(post(url.group(1) + "breed", form + "0000"),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, forged.statusCode(), "a form without this session's token starts nothing");
            HttpResponse<String> started = client.send(post(url.group(1) + "breed", form + token.group(1)),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, started.statusCode(), started.body());
            assertTrue(started.body().contains("Run bred-1 started") && started.body().contains("--preset tiny"),
                    started.body());
            Path log = Path.of(db.toAbsolutePath() + ".work", "breed-bred-1.log");
            await("the bred run completes").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("run bred-1 completed"));
            HttpResponse<String> again = client.send(post(url.group(1) + "breed", form + token.group(1)),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, again.statusCode(), "the run exists now");
        } finally {
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            p.waitFor(20, TimeUnit.SECONDS);
            p.destroyForcibly().waitFor();
        }
        await("the browser let go of the archive").atMost(Duration.ofSeconds(30))
                .until(() -> !Files.exists(db.resolveSibling("bred.db.owner")));
        try (Archive archive = Archive.openExisting(db, false)) {
            var run = archive.run("bred-1").orElseThrow();
            assertEquals(List.of(chosen), java.util.stream.StreamSupport.stream(run.state().path("from").spliterator(),
                    false).map(com.fasterxml.jackson.databind.JsonNode::asText).toList());
            List<Entry> bred = archive.ids().stream().map(id -> archive.entry(id).orElseThrow())
                    .filter(e -> e.runId().equals("bred-1")).toList();
            assertFalse(bred.isEmpty());
            assertTrue(bred.stream().anyMatch(e -> e.parents().contains(chosen)),
                    "the bred run's first population descends from the chosen find");
        }
    }

    private static HttpRequest post(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }
}
