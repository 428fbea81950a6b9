package io.equilibria.evolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.evolve.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input: one clear line naming the field or file, exit code 2, nothing written. */
class MainTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown preset      | train --preset huge --out OUT                  | preset: unknown preset "huge"; known: tiny, cpu, series1, bench64, gpu
        negative steps      | train --preset tiny --steps -1 --out OUT       | --steps: -1 is outside 0..100000000
        zero steps          | train --preset tiny --steps 0 --out OUT        | --steps: give exactly one budget
        bad resolution      | train --preset tiny --resolution 48 --out OUT  | --resolution: 48 is not one of 8, 16, 32
        absent GPU          | train --preset tiny --device gpu:3 --out OUT   | --device: gpu:3: no such GPU
        bad device          | train --preset tiny --device tpu --out OUT     | --device: "tpu" is not cpu, gpu or gpu:N
        two budgets         | train --preset tiny --steps 5 --seconds 3 --out OUT | mutually exclusive
        unknown option      | train --preset tiny --colour 3 --out OUT       | Unknown options: '--colour', '3'
        not a number        | train --preset tiny --steps many --out OUT     | Invalid value for option '--steps': 'many' is not an int
        no output           | train --preset tiny                            | --out: missing
        missing genome file | train --genome DIR/none.json --out OUT         | none.json: no such file
        nothing to resume   | train --resume DIR                             | --resume: DIR holds no checkpoint to resume
        resume and preset   | train --resume DIR --preset tiny               | --resume: a resumed training keeps its genome
        unknown command     | evolv                                          | Unmatched argument at index 0: 'evolv'
        """)
    void badInputGivesOneLineAndExitCode2(String what, String command, String expected) {
        List<String> args = new ArrayList<>();
        for (String a : command.trim().split("\\s+")) {
            args.add(a.replace("OUT", dir.resolve("out").toString()).replace("DIR", dir.toString()));
        }
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), "one line: " + r.err());
        assertTrue(line.startsWith("equilibria: "), line);
        assertTrue(line.contains(expected.replace("DIR", dir.toString())), line);
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    /** Options are checked before an archive is opened: opening would create and lock it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        no population      | evolve --population 0 --archive DB                | --population: must be between 2 and 10000
        bad config file    | evolve --config DIR/none.json --archive DB        | --config: DIR/none.json: no such file
        train, no genome   | train --genome DIR/none.json --out OUT --archive DB | none.json: no such file
        train, bad steps   | train --preset tiny --steps -3 --out OUT --archive DB | --steps: -3 is outside
        promote, no archive | promote 1234 --archive DB                        | no archive at DB
        render, no archive | render 1234 --archive DB                          | no archive at DB
        import, no file    | archive import DIR/none.json --archive DB         | DIR/none.json: no such file
        """)
    void badOptionsCreateNoArchive(String what, String command, String expected) throws IOException {
        Path db = dir.resolve("x.db");
        List<String> args = new ArrayList<>();
        for (String a : command.trim().split("\\s+")) {
            args.add(a.replace("OUT", dir.resolve("out").toString()).replace("DB", db.toString())
                    .replace("DIR", dir.toString()));
        }
        Cli r = Cli.run(args.toArray(String[]::new));
        assertTrue(r.exitCode() == 2 || r.exitCode() == 1, r.exitCode() + ": " + r.err());
        assertTrue(r.err().strip().contains(expected.replace("DB", db.toString()).replace("DIR", dir.toString())),
                r.err());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "nothing created");
        }
    }

    @Test
    void malformedGenomeNamesFileAndPosition() throws IOException {
        Path genome = Files.writeString(dir.resolve("g.json"), "{\"a\": {\"learningRate\": 0.5}}");
        Cli r = Cli.run("train", "--genome", genome.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, r.exitCode());
        assertEquals("equilibria: " + genome + ": a.learningRate: 0.5 is outside 0.0001..0.01 (log scale)", r.err().strip());
    }

    @Test
    void helpAndVersion() {
        Cli help = Cli.run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("train") && help.out().contains("bench"), help.out());
        Cli version = Cli.run("--version");
        assertTrue(version.out().startsWith("equilibria "), version.out());
    }

    @Test
    void childJvmsRunThisEntryPoint() {
        assertEquals(Main.class.getName(), io.equilibria.evolve.cluster.JavaProcess.PROGRAM,
                "workers and bred searches start the program by this name");
    }
}
