package io.equilibria.evolve.cli;

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
}
