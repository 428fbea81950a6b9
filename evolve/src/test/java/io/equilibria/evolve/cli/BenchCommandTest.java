package io.equilibria.evolve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.equilibria.config.ConfigJson;
import org.junit.jupiter.api.Test;

/** The bench command's JSON, whose key names other tools read. Figures are not judged here. */
public class BenchCommandTest {
    @Test
    void jsonHasTheDocumentedKeysWithPlausibleValues() throws Exception {
        Cli r = Cli.run("bench", "--json", "--steps", "1", "--rss-steps", "2");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode n = ConfigJson.mapper().readTree(r.out());
        for (String key : new String[] {"bench64_ms_per_step", "cpu_ms_per_step", "tiny_ms_per_step",
            "bench64_gflop_per_step", "bench64_gflops", "matmul_gflops", "flops_efficiency"}) {
            assertTrue(n.path(key).isNumber() && n.get(key).asDouble() > 0, key + " in " + r.out());
        }
        assertTrue(n.path("rss_growth_fraction").isNumber(), r.out());
        assertEquals(2, n.path("host_transfers_per_step").asInt(), r.out());
        assertTrue(n.path("native_calls_per_step").asInt() > 0, r.out());
        assertTrue(n.get("rss_after_mb").asDouble() > 0, r.out());
        assertEquals("cpu", n.get("device").asText());
        // bench64's analytic work is a property of the reference genome, not of the machine.
        assertEquals(245.185, n.get("bench64_gflop_per_step").asDouble(), 0.01);
    }

    @Test
    void evolveJsonHasTheDocumentedKeys() throws Exception {
        Cli r = Cli.run("bench", "--evolve", "--individuals", "11", "--budget-steps", "3", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode n = ConfigJson.mapper().readTree(r.out());
        for (String key : new String[] {"wall_seconds", "training_seconds", "rss_at_10_mb", "rss_at_end_mb",
            "heap_at_10_mb", "heap_at_end_mb", "individuals_per_hour", "individuals_per_hour_sequential"}) {
            assertTrue(n.path(key).isNumber() && n.get(key).asDouble() > 0, key + " in " + r.out());
        }
        for (String key : new String[] {"overhead_fraction", "rss_growth_fraction", "alive_fraction"}) {
            assertTrue(n.path(key).isNumber(), key + " in " + r.out());
        }
        assertEquals(11, n.get("individuals").asInt(), r.out());
        assertEquals(3, n.get("budget_steps").asInt(), r.out());
        int atOnce = n.get("concurrency").asInt();
        assertTrue(atOnce >= 1 && atOnce <= Runtime.getRuntime().availableProcessors(), r.out());
        assertTrue(n.get("threads_each").asInt() >= 1, r.out());
    }

    @Test
    void archiveJsonHasTheDocumentedKeys() throws Exception {
        Cli r = Cli.run("bench", "--archive", "--entries", "300", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode n = ConfigJson.mapper().readTree(r.out());
        for (String key : new String[] {"archive_insert_ms", "archive_first_page_ms", "archive_open_ms",
            "archive_remote_page_ms", "archive_file_mb", "archive_rebuild_ms", "browse_gallery_ms"}) {
            assertTrue(n.path(key).isNumber() && n.get(key).asDouble() > 0, key + " in " + r.out());
        }
        assertEquals(300, n.get("archive_entries").asInt());
        // Standard output is the JSON alone; the progress of a long bench still shows, on standard error.
        assertTrue(r.err().contains("archive: rebuilding it from its journal"), r.err());
    }

    @Test
    void aMissingPythonIsAClearError() {
        Cli r = Cli.run("bench", "--pytorch", "--python", "/nonexistent/python3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().strip().startsWith("equilibria: --pytorch: cannot run /nonexistent/python3"), r.err());
    }
}
