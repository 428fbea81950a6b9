package io.equilibria.evolve.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Status;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Preset;
import io.equilibria.evolve.cli.archive.EntryTable;
import io.equilibria.fitness.Evaluation;
import io.equilibria.training.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user stories of {@code equilibria archive} and {@code train --archive}. */
public class ArchiveCommandTest {
    @TempDir
    Path dir;

    private static JsonNode json(String text) throws IOException {
        return ConfigJson.mapper().readTree(text);
    }

    private Cli ok(String... args) {
        Cli cli = Cli.run(args);
        assertEquals(0, cli.exitCode(), String.join(" ", args) + ": " + cli.err());
        return cli;
    }

    @Test
    void aTrainingIsStoredListedShownExportedAndImportedElsewhere() throws IOException {
        String db = dir.resolve("project.db").toString();
        Cli train = ok("train", "--preset", "tiny", "--steps", "6", "--sample-every", "3", "--out",
                dir.resolve("run").toString(), "--archive", db);
        String id = train.out().lines().filter(l -> l.startsWith("stored as entry ")).findFirst().orElseThrow()
                .split(" ")[3];
        assertEquals(Entry.idOf(Preset.TINY.genome(), Preset.TINY.run().withSteps(6)), id);

        Cli list = ok("archive", "list", "--archive", db);
        assertTrue(list.out().contains(id + "  evaluated"), list.out());
        assertTrue(list.out().contains("1-1 of 1 entries, by score"), list.out());
        JsonNode page = json(ok("archive", "list", "--json", "--archive", db).out());
        assertEquals(1, page.get("total").asInt());
        assertEquals(id, page.at("/entries/0/id").asText());
        assertEquals("completed", page.at("/entries/0/telemetry/outcome").asText());

        Cli show = ok("archive", "show", id.substring(0, 5), "--archive", db);
        assertTrue(show.out().startsWith("entry " + id + "  evaluated"), show.out());
        assertTrue(show.out().contains("training  completed after 6 steps"), show.out());
        JsonNode shown = json(ok("archive", "show", id, "--json", "--archive", db).out());
        assertEquals(Preset.TINY.genome(), ConfigJson.genomeFromJson(shown.get("genome"), "show"));
        for (String role : new String[] {Entry.SHEET_A, Entry.SHEET_B, Entry.TELEMETRY, Entry.CHECKPOINT}) {
            assertTrue(Files.isRegularFile(Path.of(shown.at("/paths/" + role).asText())), role);
        }

        Path out = dir.resolve("exported");
        ok("archive", "export", id, "--out", out.toString(), "--archive", db);
        assertEquals(Preset.TINY.genome(), ConfigJson.readGenome(out.resolve("genome.json")));
        assertTrue(ImageIO.read(out.resolve("a.png").toFile()).getWidth() >= 64);
        assertTrue(ImageIO.read(out.resolve("thumb-b.png").toFile()).getWidth() <= Evaluation.THUMBNAIL);
        assertArrayEquals(Files.readAllBytes(dir.resolve("run/telemetry.csv")),
                Files.readAllBytes(out.resolve("telemetry.csv")));
        assertTrue(Checkpoint.exists(out.resolve("checkpoint")));
        Cli again = Cli.run("archive", "export", id, "--out", out.toString(), "--archive", db);
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("is not empty"), again.err());

        // The exported checkpoint is a real one: training continues from it.
        Path copy = dir.resolve("continued");
        Files.createDirectories(copy);
        Files.copy(out.resolve("genome.json"), copy.resolve("genome.json"));
        copyTree(out.resolve("checkpoint"), copy.resolve("checkpoint"));
        Cli resumed = ok("train", "--resume", copy.toString(), "--steps", "8");
        assertTrue(resumed.out().startsWith("done after 8 steps"), resumed.out());

        String other = dir.resolve("other.db").toString();
        assertTrue(ok("archive", "import", out.toString(), "--archive", other).out().startsWith("imported " + id));
        assertTrue(ok("archive", "import", out.toString(), "--archive", other).out().startsWith("already there: " + id));
        Cli genome = ok("archive", "import", dir.resolve("run/genome.json").toString(), "--preset", "tiny",
                "--archive", other);
        assertTrue(genome.out().contains("(pending)"), genome.out());
        try (Archive archive = Archive.open(Path.of(other))) {
            Entry imported = archive.entry(id).orElseThrow();
            assertEquals(Status.EVALUATED, imported.status());
            assertEquals(4, imported.files().size());
            imported.files().values().forEach(b -> assertTrue(archive.intact(b)));
            assertEquals(2, archive.ids().size());
        }
        JsonNode stats = json(ok("archive", "stats", "--json", "--archive", other).out());
        assertEquals(1, stats.at("/byStatus/pending").asInt());
        assertEquals(1, stats.at("/byStatus/evaluated").asInt());
        assertTrue(ok("archive", "stats", "--archive", other).out().contains("2 entries"));
        assertTrue(ok("archive", "gc", "--archive", other).out().startsWith("removed 0 unreferenced files"));
        Cli rebuilt = ok("archive", "rebuild", "--archive", other);
        assertTrue(rebuilt.out().startsWith("rebuilt " + other) && rebuilt.out().contains(": 2 entries, 0 runs"),
                rebuilt.out());
        JsonNode after = json(ok("archive", "stats", "--json", "--archive", other).out());
        assertEquals(stats.get("byStatus"), after.get("byStatus"));
        assertEquals(stats.get("blobBytes"), after.get("blobBytes"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void badInputGetsOneLineAndExitCodeTwo() throws IOException {
        String db = dir.resolve("a.db").toString();
        try (Archive archive = Archive.open(Path.of(db))) {
            archive.write(w -> {
                w.put(Entry.pending(Preset.TINY.genome(), Preset.TINY.run(), "import", java.util.List.of(), 0), null);
                return null;
            });
        }
        Path garbage = Files.writeString(dir.resolve("garbage.db"), "not an archive at all");
        Path folder = Files.createDirectories(dir.resolve("folder.db"));
        String[][] cases = {
            {"no entry 0123 in archive " + db, "archive", "show", "0123", "--archive", db},
            {"\"xyz!\" is not an entry id", "archive", "show", "xyz!", "--archive", db},
            {"no archive at " + dir.resolve("missing.db"), "archive", "list", "--archive", dir.resolve("missing.db").toString()},
            {"no archive at " + dir.resolve("missing.db"), "archive", "rebuild", "--archive",
                dir.resolve("missing.db").toString()},
            {"archive " + folder + " is a directory, not an archive file", "archive", "stats", "--archive", folder.toString()},
            {"archive " + garbage + " cannot be opened: it is not an equilibria archive", "archive", "list", "--archive",
                garbage.toString()},
            {"--status: \"done\" is not one of pending, evaluated", "archive", "list", "--status", "done", "--archive", db},
            {"--limit: must be at least 1", "archive", "list", "--limit", "0", "--archive", db},
            {"--verdict: \"dead\" is not one of alive, exploded", "archive", "list", "--verdict", "dead", "--archive", db},
            {dir.resolve("nothing.json") + ": no such file or directory", "archive", "import",
                dir.resolve("nothing.json").toString(), "--archive", db},
            {"is not an exported entry: it has no entry.json", "archive", "import", folder.toString(), "--archive", db},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            Cli cli = Cli.run(args);
            assertEquals(2, cli.exitCode(), String.join(" ", args) + ": " + cli.err());
            assertTrue(cli.err().startsWith("equilibria: ") && cli.err().contains(c[0]), cli.err());
            assertEquals(1, cli.err().lines().count(), cli.err());
        }
        assertEquals("not an archive at all", Files.readString(garbage));
        assertFalse(Files.exists(dir.resolve("missing.db")));
    }

    @Test
    void aBusyArchiveIsReadThroughItsOwnerAndRefusesWritesWithExitCodeThree() throws java.io.IOException {
        Path genome = Files.writeString(dir.resolve("x.json"), "{}");
        Path db = dir.resolve("busy.db");
        try (Archive owner = Archive.open(db)) {
            owner.write(w -> {
                w.put(Entry.pending(Preset.TINY.genome(), Preset.TINY.run(), "import", java.util.List.of(), 0), null);
                return null;
            });
            Cli list = ok("archive", "list", "--archive", db.toString());
            assertTrue(list.out().contains("pending"), list.out());
            Cli imp = Cli.run("archive", "import", genome.toString(), "--archive", db.toString());
            assertEquals(3, imp.exitCode(), imp.err());
            assertTrue(imp.err().startsWith("equilibria: archive " + db + " is in use by process "
                    + ProcessHandle.current().pid()), imp.err());
            Cli train = Cli.run("train", "--preset", "tiny", "--out", dir.resolve("t").toString(), "--archive",
                    db.toString());
            assertEquals(3, train.exitCode(), train.err());
            assertFalse(Files.exists(dir.resolve("t")), "nothing is trained or written for a busy archive");
        }
    }

    @Test
    void theArchiveKnowsEveryVerdictByName() {
        assertEquals(java.util.Arrays.stream(io.equilibria.fitness.Verdict.values()).map(io.equilibria.fitness.Verdict::jsonName)
                .sorted().toList(), io.equilibria.archive.Entry.VERDICTS.stream().sorted().toList());
    }

    @Test
    void theTableHasARowPerEntryAndAColumnPerFactThatACsvLibraryReadsBack() throws IOException {
        String db = dir.resolve("table.db").toString();
        Cli train = ok("train", "--preset", "tiny", "--steps", "4", "--sample-every", "2", "--out",
                dir.resolve("run").toString(), "--archive", db);
        String id = train.out().lines().filter(l -> l.startsWith("stored as entry ")).findFirst().orElseThrow()
                .split(" ")[3];
        Path csv = dir.resolve("entries.csv");
        ok("archive", "table", "--out", csv.toString(), "--archive", db);

        var mapper = new com.fasterxml.jackson.dataformat.csv.CsvMapper();
        var schema = com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader();
        java.util.List<java.util.Map<String, String>> rows = new java.util.ArrayList<>();
        try (com.fasterxml.jackson.databind.MappingIterator<java.util.Map<String, String>> it = mapper
                .readerFor(java.util.Map.class).with(schema).readValues(csv.toFile())) {
            it.forEachRemaining(rows::add);
        }
        assertEquals(1, rows.size());
        java.util.Map<String, String> row = rows.getFirst();
        assertEquals(EntryTable.columns(), java.util.List.copyOf(row.keySet()));
        assertEquals(id, row.get("id"));
        assertEquals("train", row.get("run"));
        assertEquals("evaluated", row.get("status"));
        assertFalse(row.get("verdict").isEmpty());
        assertEquals(Preset.TINY.genome().a().learningRate(), Double.parseDouble(row.get("a.learningRate")), 1e-12);
        assertTrue(Files.isRegularFile(Path.of(row.get("sheet_a"))), row.get("sheet_a"));
        for (String feature : io.equilibria.fitness.Descriptor.NAMES) {
            Double.parseDouble(row.get(feature)); // every descriptor feature is a number
        }
        // One source of truth: the gene columns are every preset genome's fields, flattened.
        for (Preset preset : Preset.values()) {
            JsonNode genome = ConfigJson.mapper().valueToTree(preset.genome());
            java.util.List<String> leaves = new java.util.ArrayList<>();
            collectLeaves("", genome, leaves);
            assertEquals(leaves, EntryTable.geneColumns(), preset.name());
        }

        // The same table as Parquet, read back with parquet-java's own reader: typed columns, the same values.
        Path parquet = dir.resolve("entries.parquet");
        ok("archive", "table", "--out", parquet.toString(), "--archive", db);
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(
                parquet), org.apache.parquet.ParquetReadOptions.builder(
                        new org.apache.parquet.conf.PlainParquetConfiguration()).build())) {
            var fileSchema = reader.getFooter().getFileMetaData().getSchema();
            assertEquals(EntryTable.columns(), fileSchema.getFields().stream().map(f -> f.getName()).toList());
            var pages = reader.readNextRowGroup();
            assertEquals(1, pages.getRowCount());
            var group = new org.apache.parquet.io.ColumnIOFactory().getColumnIO(fileSchema).getRecordReader(pages,
                    new org.apache.parquet.example.data.simple.convert.GroupRecordConverter(fileSchema)).read();
            assertEquals(id, group.getString("id", 0));
            assertEquals("evaluated", group.getString("status", 0));
            assertEquals(Preset.TINY.genome().a().learningRate(), group.getDouble("a.learningRate", 0), 1e-12);
            assertEquals(Long.parseLong(row.get("zDim")), group.getLong("zDim", 0));
            assertEquals(Boolean.parseBoolean(row.get("a.noise")), group.getBoolean("a.noise", 0));
            for (String feature : io.equilibria.fitness.Descriptor.NAMES) {
                assertEquals(Double.parseDouble(row.get(feature)), group.getDouble(feature, 0), 0, feature);
            }
            assertEquals(0, group.getFieldRepetitionCount("stars"), "no rating: no value, not a zero");
        }

        Cli text = Cli.run("archive", "table", "--out", dir.resolve("t.txt").toString(), "--archive", db);
        assertEquals(2, text.exitCode());
        assertTrue(text.err().startsWith("equilibria: --out: "), text.err());
        assertFalse(Files.exists(dir.resolve("t.txt")));
    }

    private static void collectLeaves(String prefix, JsonNode node, java.util.List<String> out) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(f -> collectLeaves(prefix.isEmpty() ? f : prefix + "." + f, node.get(f), out));
        } else {
            out.add(prefix);
        }
    }
}
