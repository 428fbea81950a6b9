package io.equilibria.archive.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.Blob;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Samples;
import io.equilibria.archive.Status;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Json;
import io.equilibria.config.Side;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries out of one archive as files, and into another, whole. */
class TransferTest {
    @TempDir
    Path dir;

    @Test
    void anExportedEntryImportsIntoAnotherArchiveWithItsFilesAndThumbnails() throws Exception {
        Entry entry;
        byte[] telemetry = "step,d_loss\n10,1.2\n".getBytes(StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        try (Archive source = Archive.open(dir.resolve("source.db"))) {
            entry = source.write(w -> {
                Blob csv = w.store(telemetry, "csv");
                Entry e = Samples.evaluated(3, 0.4, 0.8, 2, List.of(), "r", Map.of(Entry.TELEMETRY, csv));
                w.put(e, Samples.thumbnails(3));
                return e;
            });
            List<Path> written = Transfer.export(source, entry, out);
            assertTrue(written.contains(out.resolve("telemetry.csv")), written.toString());
            assertArrayEquals(telemetry, Files.readAllBytes(out.resolve("telemetry.csv")));
            assertEquals(ConfigJson.toString(entry.genome()), Files.readString(out.resolve("genome.json")));
            assertArrayEquals(source.thumbnail(entry.id(), Side.A).orElseThrow(),
                    Files.readAllBytes(out.resolve("thumb-a.png")));
            ArchiveException notEmpty = assertThrows(ArchiveException.class, () -> Transfer.export(source, entry, out));
            assertEquals("--out " + out + " is not empty; export into a new directory", notEmpty.getMessage());
        }
        try (Archive target = Archive.open(dir.resolve("target.db"))) {
            Transfer.Imported first = Transfer.importPath(target, out, Samples.run());
            assertTrue(first.added());
            Entry imported = target.entry(entry.id()).orElseThrow();
            assertEquals(new String(Json.bytes(entry.genome())), new String(Json.bytes(imported.genome())));
            assertEquals(Status.EVALUATED, imported.status());
            assertArrayEquals(telemetry, Files.readAllBytes(target.blobPath(imported.files().get(Entry.TELEMETRY))));
            assertTrue(target.intact(imported.files().get(Entry.TELEMETRY)));
            assertArrayEquals(Files.readAllBytes(out.resolve("thumb-b.png")),
                    target.thumbnail(entry.id(), Side.B).orElseThrow());
            assertFalse(Transfer.importPath(target, out, Samples.run()).added(), "a second import changes nothing");
            assertEquals(1, target.ids().size());
        }
    }

    @Test
    void aGenomeFileImportsAsAPendingEntryAndBrokenDirectoriesAreRefusedWithoutAChange() throws Exception {
        Path genome = dir.resolve("genome.json");
        Files.writeString(genome, ConfigJson.toString(Samples.genome(5)));
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("entry.json"), "{}");
        try (Archive archive = Archive.open(dir.resolve("a.db"))) {
            Entry pending = Transfer.importPath(archive, genome, Samples.run()).entry();
            assertEquals(Status.PENDING, pending.status());
            assertEquals(Entry.idOf(Samples.genome(5), Samples.run()), pending.id());
            ArchiveException missing = assertThrows(ArchiveException.class,
                    () -> Transfer.importPath(archive, dir.resolve("nothing"), Samples.run()));
            assertEquals(dir.resolve("nothing") + ": no such file or directory", missing.getMessage());
            assertThrows(ArchiveException.class, () -> Transfer.importPath(archive, broken, Samples.run()));
            Files.delete(broken.resolve("entry.json"));
            ArchiveException notExported = assertThrows(ArchiveException.class,
                    () -> Transfer.importPath(archive, broken, Samples.run()));
            assertEquals(broken + " is not an exported entry: it has no entry.json", notExported.getMessage());
            assertEquals(1, archive.ids().size(), "nothing was added by the refused imports");
        }
    }
}
