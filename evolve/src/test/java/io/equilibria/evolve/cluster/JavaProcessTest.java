package io.equilibria.evolve.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.evolve.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

public class JavaProcessTest {
    /** Prints, one per line, the command a child of this JVM would be started with. */
    public static final class PrintsChildCommand {
        public static void main(String[] args) {
            JavaProcess.command(Main.class, List.of("-Dai.djl.pytorch.num_threads=1"), List.of("worker-process"))
                    .forEach(System.out::println);
        }
    }

    @Test
    void workersReceiveTheUsersDjlAndJvmOptionsAndTheirOwnThreadCountWins() throws IOException, InterruptedException {
        List<String> parent = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.pytorch.cudnn_benchmark=true", "-Dai.djl.pytorch.num_threads=2", "-Xmx300m",
                "-Dunrelated.property=1", "-cp", System.getProperty("java.class.path"), PrintsChildCommand.class.getName());
        Process p = new ProcessBuilder(parent).redirectErrorStream(true).start();
        List<String> child = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.waitFor(), String.join("\n", child));
        assertTrue(child.contains("-Dai.djl.pytorch.cudnn_benchmark=true"), child.toString());
        assertTrue(child.contains("-Xmx300m"), child.toString());
        assertTrue(!child.contains("-Dunrelated.property=1"), child.toString());
        assertTrue(child.indexOf("-Dai.djl.pytorch.num_threads=2") < child.indexOf("-Dai.djl.pytorch.num_threads=1"),
                "the worker's own thread count comes last and wins: " + child);
        assertEquals("worker-process", child.get(child.size() - 1));
    }
}
