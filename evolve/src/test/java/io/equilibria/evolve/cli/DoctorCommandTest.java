package io.equilibria.evolve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import io.equilibria.evolve.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class DoctorCommandTest {
    @TempDir
    Path dir;

    @Test
    void theCpuWorksAndTheArchiveIsDescribedWithoutBeingCreated() {
        Path db = dir.resolve("none.db");
        Cli cli = Cli.run("doctor", "--archive", db.toString());
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        String out = cli.out();
        assertTrue(out.contains("pytorch   " + Engine.getEngine("PyTorch").getVersion() + ", natives from "), out);
        assertTrue(out.contains("archive   none yet at " + db), out);
        assertTrue(out.contains("verdict   cpu works (a 64x64 matrix product agrees with the CPU's)"), out);
        assertFalse(Files.exists(db), "doctor creates nothing");
    }

    @Test
    void anArchiveIsCountedAndAMissingGpuIsUnusable() {
        Path db = dir.resolve("busy.db");
        assertEquals(0, Cli.run("archive", "import", writeGenome(), "--archive", db.toString()).exitCode());
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        Cli cli = Cli.run("doctor", "--device", "gpu:" + gpus, "--archive", db.toString());
        assertEquals(Main.EXIT_FAILURE, cli.exitCode(), cli.out());
        assertTrue(cli.out().contains("archive   " + db + ": 1 entries {pending=1}, 0 runs"), cli.out());
        assertTrue(cli.out().contains("verdict   gpu:" + gpus + " is UNUSABLE: no such GPU (this machine has " + gpus),
                cli.out());
    }

    @Test
    void aMalformedDeviceIsBadInputBeforeAnythingIsPrinted() {
        Cli cli = Cli.run("doctor", "--device", "tpu", "--archive", dir.resolve("x.db").toString());
        assertEquals(Main.EXIT_BAD_INPUT, cli.exitCode(), cli.out());
        assertEquals("equilibria: --device: \"tpu\" is not cpu, gpu or gpu:N", cli.err().strip());
        assertEquals("", cli.out());
        assertFalse(Files.exists(dir.resolve("x.db")));
    }

    private String writeGenome() {
        try {
            Path genome = dir.resolve("genome.json");
            Files.writeString(genome, io.equilibria.config.ConfigJson.toJson(io.equilibria.config.Preset.TINY.genome()).toPrettyString());
            return genome.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
