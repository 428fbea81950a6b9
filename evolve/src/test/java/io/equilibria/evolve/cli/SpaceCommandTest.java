package io.equilibria.evolve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

public class SpaceCommandTest {
    @Test
    void theReadmeShowsTheCurrentSearchSpace() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains(SpaceCommand.markdown()),
                "README.md is out of date: paste the output of './equilibria space' into its genome section");
    }

    @Test
    void printsTheTable() {
        Cli r = Cli.run("space");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("| `a.activation, b.activation` | one of leaky_relu, sine, swish |"), r.out());
    }
}
