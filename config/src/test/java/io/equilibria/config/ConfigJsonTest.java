package io.equilibria.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigJsonTest {
    @TempDir
    Path dir;

    @Test
    void everyPresetRoundTrips() {
        for (Preset p : Preset.values()) {
            assertEquals(p.genome(), ConfigJson.parseGenome(ConfigJson.toString(p.genome()), "x"));
            assertEquals(p.run(), ConfigJson.parseRun(ConfigJson.toString(p.run()), "x"));
        }
    }

    @Test
    void writesEnumsByTheirJsonNames() {
        String json = ConfigJson.toString(Preset.BENCH64.genome());
        assertTrue(json.contains("\"activation\" : \"leaky_relu\""), json);
        assertTrue(json.contains("\"mode\" : \"classifier\""), json);
    }

    @Test
    void missingFieldsTakeTheTableDefaults() {
        Genome g = ConfigJson.parseGenome("{\"seed\": 7, \"a\": {\"activation\": \"sine\"}}", "g.json");
        assertEquals(7, g.seed());
        assertEquals(Activation.SINE, g.a().activation());
        assertEquals(Activation.LEAKY_RELU, g.b().activation());
        assertEquals(ConfigJson.defaultGenome().d(), g.d());
    }

    @Test
    void readsAndWritesFiles() throws IOException {
        Path file = dir.resolve("g.json");
        ConfigJson.write(file, Preset.TINY.genome());
        assertEquals(Preset.TINY.genome(), ConfigJson.readGenome(file));
        assertFalse(Files.exists(dir.resolve("g.json.tmp")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown field           | {"zDim": 64, "colour": 1}                 | g.json: colour: unknown field
        unknown nested field    | {"a": {"wdim": 64}}                       | g.json: a.wdim: unknown field
        wrong type              | {"zDim": "big"}                           | g.json: zDim: expected an integer, got "big"
        real for integer        | {"batchSize": 8.5}                        | g.json: batchSize: expected an integer, got 8.5
        not in set              | {"zDim": 100}                             | g.json: zDim: 100 is not one of 32, 64, 128, 256
        out of range            | {"a": {"learningRate": 0.5}}              | g.json: a.learningRate: 0.5 is outside 0.0001..0.01 (log scale)
        below range             | {"d": {"batchSize": 1}}                   | g.json: d.batchSize: 1 is outside 2..64 (log scale)
        bad choice              | {"b": {"activation": "tanh"}}             | g.json: b.activation: "tanh" is not one of leaky_relu, sine, swish
        boolean as string       | {"a": {"noise": "yes"}}                   | g.json: a.noise: expected true or false, got "yes"
        negative seed           | {"seed": -3}                              | g.json: seed: expected a non-negative integer
        record not object       | {"d": 3}                                  | g.json: d: expected a JSON object
        top level not object    | [1, 2]                                    | g.json: expected a JSON object
        malformed               | {"zDim": 64,,}                            | g.json: malformed JSON at line 1, column 13: Unexpected character (',' (code 44)): was expecting double-quote to start field name
        empty                   | ''                                        | g.json: empty file, expected a JSON object
        """)
    void genomeErrorsNameFileAndField(String what, String json, String message) throws IOException {
        Path file = dir.resolve("g.json");
        Files.writeString(file, json);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigJson.readGenome(file));
        assertEquals(message.replace("g.json", file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void runConfigNeedsExactlyOneBudget() {
        ConfigException both = assertThrows(ConfigException.class,
                () -> ConfigJson.parseRun("{\"steps\": 10, \"seconds\": 5}", "run.json"));
        assertEquals("run.json: steps: give exactly one budget: steps > 0 or seconds > 0", both.getMessage());
        ConfigException none = assertThrows(ConfigException.class,
                () -> ConfigJson.parseRun("{\"steps\": 0}", "run.json"));
        assertEquals("run.json: steps: give exactly one budget: steps > 0 or seconds > 0", none.getMessage());
        ConfigException res = assertThrows(ConfigException.class,
                () -> ConfigJson.parseRun("{\"resolution\": 48}", "run.json"));
        assertEquals("run.json: resolution: 48 is not one of 8, 16, 32, 64, 128, 256, 512, 1024", res.getMessage());
    }

    @Test
    void missingFileAndDirectoryAreNamed() throws IOException {
        Path missing = dir.resolve("nope.json");
        assertEquals(missing + ": no such file",
                assertThrows(ConfigException.class, () -> ConfigJson.readGenome(missing)).getMessage());
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertEquals(sub + ": is a directory, expected a JSON file",
                assertThrows(ConfigException.class, () -> ConfigJson.readGenome(sub)).getMessage());
    }
}
