package io.equilibria.archive.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.archive.Blob;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Samples;
import io.equilibria.archive.Status;
import io.equilibria.config.Side;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives written by earlier schema versions must keep opening. Each version leaves a fixture in
 * {@code src/test/resources/fixtures/schema-N.zip}, written by {@link #main} of that version:
 *
 * <pre>mvn -q -pl archive -am test-compile &amp;&amp; java -cp ... io.equilibria.archive.SchemaFixtureTest DIR</pre>
 *
 * When the schema changes, keep the old fixtures, add the new one, and extend this test.
 */
public class SchemaFixtureTest {
    @TempDir
    Path dir;

    /** What the schema-1 fixture holds (Samples must keep producing these). */
    static List<Entry> schema1Entries(Map<String, Blob> files) {
        return List.of(
                Samples.evaluated(1, 0.5, 0.75, 0, List.of(), "fixture", files),
                Samples.evaluated(2, 1.5, 0.25, 1, List.of(Samples.evaluated(1, 0.5).id()), "fixture", Map.of()),
                Entry.pending(Samples.genome(3), Samples.run(), "import", List.of(), 0)
                        .withStatus(Status.FAILED, "out of memory"));
    }

    /** Writes the current schema's fixture as DIR/schema-N.zip. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Path work = Files.createTempDirectory("fixture");
        Path file = work.resolve("schema-" + Archive.SCHEMA + ".db");
        try (Archive archive = Archive.open(file)) {
            archive.write(w -> {
                Blob sheet = w.store(Samples.png(11, 16), "png");
                List<Entry> entries = schema1Entries(Map.of(Entry.SHEET_A, sheet));
                for (Entry e : entries) {
                    w.put(e, Samples.thumbnails(e.genome().seed()));
                }
                w.putRun(Samples.searchRun("fixture"));
                return null;
            });
        }
        Files.createDirectories(out);
        try (OutputStream zipFile = Files.newOutputStream(out.resolve("schema-" + Archive.SCHEMA + ".zip"));
                ZipOutputStream zip = new ZipOutputStream(zipFile); Stream<Path> files = Files.walk(work)) {
            zip.setLevel(9);
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                if (f.getFileName().toString().endsWith(".owner")) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(work.relativize(f).toString()));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
    }

    private Path unpack(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path target = dir.resolve(e.getName());
                Files.createDirectories(target.getParent());
                Files.copy(zip, target);
            }
        }
        return dir;
    }

    @Test
    void anArchiveOfSchemaOneOpensWithEverythingInIt() throws IOException {
        Path file = unpack("/fixtures/schema-1.zip").resolve("schema-1.db");
        try (Archive archive = Archive.open(file)) {
            Blob sheet = archive.entry(Samples.evaluated(1, 0.5).id()).orElseThrow().files().get(Entry.SHEET_A);
            assertTrue(archive.intact(sheet));
            List<Entry> expected = schema1Entries(Map.of(Entry.SHEET_A, sheet));
            for (Entry e : expected) {
                Entry stored = archive.entry(e.id()).orElseThrow();
                assertEquals(e.genome(), stored.genome());
                assertEquals(e.status(), stored.status());
                assertEquals(e.statusReason(), stored.statusReason());
                assertEquals(e.parents(), stored.parents());
                assertEquals(e.files(), stored.files());
                if (e.status() == Status.EVALUATED) {
                    assertEquals(e, stored);
                    assertArrayEquals(Samples.thumbnails(e.genome().seed()).a(),
                            archive.thumbnail(e.id(), Side.A).orElseThrow());
                }
            }
            assertEquals(Samples.searchRun("fixture"), archive.run("fixture").orElseThrow());
            assertEquals(List.of(expected.get(1).id()), archive.children(expected.get(0).id()));
            assertEquals(Archive.SCHEMA, archive.schema());
        }
    }
}
