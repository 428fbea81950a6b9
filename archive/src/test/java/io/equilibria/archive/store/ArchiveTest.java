package io.equilibria.archive.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveInUseException;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.Blob;
import io.equilibria.archive.Collected;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Page;
import io.equilibria.archive.Query;
import io.equilibria.archive.Row;
import io.equilibria.archive.RowPage;
import io.equilibria.archive.Samples;
import io.equilibria.archive.SearchRun;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Stats;
import io.equilibria.archive.Status;
import io.equilibria.archive.Thumbnails;
import io.equilibria.config.Json;
import io.equilibria.config.Side;
import io.equilibria.fitness.Score;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ArchiveTest {
    @TempDir
    Path dir;

    @Test
    void everyRecordSurvivesACloseAndReopen() throws Exception {
        Path file = dir.resolve("a.db");
        Entry entry;
        Thumbnails thumbs = Samples.thumbnails(3);
        SearchRun run = Samples.searchRun("first");
        try (Archive archive = Archive.open(file)) {
            entry = archive.write(w -> {
                Blob sheet = w.store(Samples.png(1, 16), "png");
                Entry e = Samples.evaluated(3, 0.75, 0.5, 2, List.of("00aa", "00bb"), "first",
                        Map.of(Entry.SHEET_A, sheet));
                w.put(e, thumbs);
                w.putRun(run);
                return e;
            });
        }
        try (Archive archive = Archive.openExisting(file, false)) {
            assertEquals(entry, archive.entry(entry.id()).orElseThrow());
            assertArrayEquals(thumbs.a(), archive.thumbnail(entry.id(), Side.A).orElseThrow());
            assertArrayEquals(thumbs.b(), archive.thumbnail(entry.id(), Side.B).orElseThrow());
            assertEquals(run, archive.run("first").orElseThrow());
            assertEquals(List.of(run), archive.runs());
            assertEquals(List.of(entry.id()), archive.children("00aa"));
            assertTrue(archive.intact(entry.files().get(Entry.SHEET_A)));
            assertEquals(Archive.SCHEMA, archive.schema());
        }
    }

    @Test
    void jsonRoundTripOfEveryRecordType() {
        Entry entry = Samples.evaluated(5, 1.5);
        assertEquals(entry, ArchiveJson.read(Json.bytes(entry), Entry.class, "entry"));
        Entry pending = Entry.pending(Samples.genome(9), Samples.run(), "import", List.of(), 0);
        assertEquals(pending, ArchiveJson.read(Json.bytes(pending), Entry.class, "entry"));
        SearchRun run = Samples.searchRun("r");
        assertEquals(run, ArchiveJson.read(Json.bytes(run), SearchRun.class, "run"));
        Stats stats = new Stats(1, Map.of("evaluated", 1), Map.of("r", 1), 1, 1, 100, 2, 300, 0);
        assertEquals(stats, ArchiveJson.read(Json.bytes(stats), Stats.class, "stats"));
        Page page = new Page(List.of(entry), 7);
        assertEquals(page, ArchiveJson.read(Json.bytes(page), Page.class, "page"));
        assertTrue(new String(Json.bytes(entry)).contains("\"status\":\"evaluated\""));
    }

    @Test
    void idsAreStableAndDependOnWhatIsTrained() {
        String id = Entry.idOf(Samples.genome(1), Samples.run());
        assertEquals(id, Entry.idOf(Samples.genome(1), Samples.run()));
        assertEquals(16, id.length());
        assertFalse(id.equals(Entry.idOf(Samples.genome(2), Samples.run())));
        assertFalse(id.equals(Entry.idOf(Samples.genome(1), Samples.run().withSteps(41))));
        assertFalse(id.equals(Entry.idOf(Samples.genome(1), Samples.run().withResolution(32))));
        assertEquals(id, Entry.idOf(Samples.genome(1), Samples.run().withIntervals(3, 0)));
    }

    @Test
    void listingsSortFilterAndPage() {
        try (Archive archive = Archive.open(dir.resolve("a.db"))) {
            archive.write(w -> {
                for (int i = 0; i < 30; i++) {
                    double novelty = i == 5 ? -1 : (i * 7 % 30) / 10.0;
                    Entry e = Samples.evaluated(i, novelty, 1 - i / 30.0, i / 10, List.of(), i % 2 == 0 ? "even" : "odd",
                            Map.of());
                    if (i % 5 == 1) {
                        e = e.withScores(new Score(e.stability().value(), "noise", "pixel noise"), e.novelty());
                    }
                    w.put(i % 3 == 0 ? e.withStatus(Status.FAILED, "boom") : e, Samples.thumbnails(i));
                }
                w.put(Entry.pending(Samples.genome(100), Samples.run(), "import", List.of(), 0), null);
                return null;
            });
            Page top = archive.list(Query.first(Sort.NOVELTY, 5));
            assertEquals(31, top.total());
            assertEquals(List.of(2.9, 2.8, 2.7, 2.6, 2.5), top.entries().stream().map(e -> e.novelty().value()).toList());
            Page bottom = archive.list(new Query(Sort.NOVELTY, true, null, null, 0, 2));
            assertEquals(Status.PENDING, bottom.entries().get(0).status(), "unscored entries sort last");
            assertEquals(-1, bottom.entries().get(1).novelty().value());

            RowPage rows = archive.rows(Query.first(Sort.NOVELTY, 5));
            assertEquals(top.entries().stream().map(Row::of).toList(), rows.rows());
            assertEquals(31, rows.total());
            Row row = rows.rows().get(0);
            assertEquals(row, Row.decode(row.encode()));

            Page failed = archive.list(new Query(Sort.STABILITY, false, Status.FAILED, null, 0, 100));
            assertEquals(10, failed.total());
            assertTrue(failed.entries().stream().allMatch(e -> e.status() == Status.FAILED));
            Page oddFailed = archive.list(new Query(Sort.GENERATION, false, Status.FAILED, "odd", 1, 2));
            assertEquals(5, oddFailed.total());
            assertEquals(2, oddFailed.entries().size());

            Page noise = archive.list(new Query(Sort.SCORE, false, null, null, "noise", 0, 100));
            assertEquals(List.of(26, 21, 16, 11, 6, 1), noise.entries().stream()
                    .map(e -> 30 - (int) Math.round(e.stability().value() * 30)).sorted(java.util.Comparator.reverseOrder())
                    .toList());
            assertEquals(2, archive.list(new Query(Sort.SCORE, false, Status.FAILED, null, "noise", 0, 100)).total());
            Page living = archive.list(new Query(Sort.SCORE, false, null, null, "alive", 0, 5));
            assertEquals(24, living.total(), "the pending entry has no verdict");
            assertTrue(living.entries().stream().allMatch(Entry::alive));

            List<Entry> all = archive.list(Query.first(Sort.CREATED, 100)).entries();
            for (int i = 1; i < all.size(); i++) {
                assertTrue(!all.get(i - 1).created().isBefore(all.get(i).created()));
            }
            List<Entry> byGeneration = archive.list(new Query(Sort.GENERATION, true, null, null, 0, 100)).entries();
            for (int i = 1; i < byGeneration.size(); i++) {
                assertTrue(byGeneration.get(i - 1).generation() <= byGeneration.get(i).generation());
            }
        }
    }

    @Test
    void anUpdateMovesTheEntryInItsIndexes() {
        try (Archive archive = Archive.open(dir.resolve("a.db"))) {
            Entry a = Samples.evaluated(1, 1.0);
            Entry b = Samples.evaluated(2, 2.0);
            archive.write(w -> {
                w.put(a, Samples.thumbnails(1));
                w.put(b, Samples.thumbnails(2));
                return null;
            });
            archive.write(w -> w.update(a.id(), e -> e.withScores(e.stability(), new Score(3.0, "", "moved"))));
            assertEquals(List.of(a.id(), b.id()),
                    archive.list(Query.first(Sort.NOVELTY, 10)).entries().stream().map(Entry::id).toList());
            assertEquals(2, archive.list(Query.first(Sort.NOVELTY, 10)).total());
            assertTrue(archive.thumbnail(a.id(), Side.A).isPresent(), "an update keeps the thumbnails");
        }
    }

    @Test
    void idPrefixesResolveUniquelyOrSayWhy() {
        try (Archive archive = Archive.open(dir.resolve("a.db"))) {
            archive.write(w -> {
                for (int i = 0; i < 40; i++) {
                    w.put(Samples.evaluated(i, i), null);
                }
                return null;
            });
            Entry any = archive.list(Query.first(Sort.NOVELTY, 1)).entries().get(0);
            assertEquals(any, archive.resolve(any.id()));
            assertEquals(any, archive.resolve(any.id().substring(0, 8).toUpperCase()));
            ArchiveException ambiguous = assertThrows(ArchiveException.class, () -> archive.resolve(""));
            assertTrue(ambiguous.getMessage().contains("not an entry id"), ambiguous.getMessage());
            String first = any.id().substring(0, 1);
            long sharing = archive.ids().stream().filter(id -> id.startsWith(first)).count();
            if (sharing > 1) {
                assertTrue(assertThrows(ArchiveException.class, () -> archive.resolve(first)).getMessage()
                        .contains("ambiguous"));
            }
            String unknown = assertThrows(ArchiveException.class, () -> archive.resolve("ffffffffffffffff0"))
                    .getMessage();
            assertTrue(unknown.startsWith("no entry ffffffffffffffff0 in archive"), unknown);
            assertTrue(assertThrows(ArchiveException.class, () -> archive.resolve("../etc")).getMessage()
                    .contains("not an entry id"));
        }
    }

    @Test
    void aFailedWriteLeavesNothingBehindButAnUnreferencedBlob() throws Exception {
        Path file = dir.resolve("a.db");
        try (Archive archive = Archive.open(file)) {
            assertThrows(IllegalStateException.class, () -> archive.write(w -> {
                Blob blob = w.store(Samples.png(1, 8), "png");
                w.put(Samples.evaluated(1, 1.0, 0.5, 0, List.of(), "t", Map.of(Entry.SHEET_A, blob)), null);
                throw new IllegalStateException("disk on fire");
            }));
            assertTrue(archive.ids().isEmpty());
            Stats stats = archive.stats();
            assertEquals(0, stats.blobs());
            assertTrue(stats.unreferencedBytes() > 0);
            Collected collected = archive.collectGarbage();
            assertEquals(1, collected.files());
            assertEquals(0, archive.stats().unreferencedBytes());
        }
    }

    @Test
    void garbageCollectionKeepsReferencedBlobsAndRemovesTheRest() throws Exception {
        Path file = dir.resolve("a.db");
        try (Archive archive = Archive.open(file)) {
            Blob kept = archive.write(w -> {
                Blob b = w.store(Samples.png(1, 8), "png");
                w.put(Samples.evaluated(1, 1.0, 0.5, 0, List.of(), "t", Map.of(Entry.SHEET_A, b)), null);
                return b;
            });
            Blob orphan = archive.write(w -> w.store("orphan".getBytes(), "csv"));
            Files.writeString(archive.blobDir().resolve(".tmp-half-written"), "half");
            Files.writeString(archive.blobDir().resolve("notes.txt"), "a user's file is not ours to delete");
            Collected collected = archive.collectGarbage();
            assertEquals(2, collected.files());
            assertTrue(archive.intact(kept));
            assertFalse(Files.exists(archive.blobPath(orphan)));
            assertTrue(Files.exists(archive.blobDir().resolve("notes.txt")));
        }
    }

    @Test
    void aBlobWithTheSameContentIsStoredOnce() {
        try (Archive archive = Archive.open(dir.resolve("a.db"))) {
            Blob one = archive.write(w -> w.store("same".getBytes(), "txt"));
            Blob two = archive.write(w -> w.store("same".getBytes(), "txt"));
            assertEquals(one, two);
            assertEquals("same".length(), one.bytes());
        }
    }

    @Test
    void checkpointsAreStoredAsDirectoriesAndUnpacked() throws Exception {
        Path checkpoint = Files.createDirectories(dir.resolve("ckpt"));
        Files.writeString(checkpoint.resolve("checkpoint.json"), "{\"step\":3}");
        Files.write(checkpoint.resolve("checkpoint-003.ndlist"), Samples.png(4, 16));
        try (Archive archive = Archive.open(dir.resolve("a.db"))) {
            Blob blob = archive.write(w -> w.storeDirectory(checkpoint));
            assertEquals(blob, archive.write(w -> w.storeDirectory(checkpoint)), "equal trees, equal blobs");
            Path out = dir.resolve("out");
            archive.unpack(blob, out);
            assertEquals("{\"step\":3}", Files.readString(out.resolve("checkpoint.json")));
            assertArrayEquals(Files.readAllBytes(checkpoint.resolve("checkpoint-003.ndlist")),
                    Files.readAllBytes(out.resolve("checkpoint-003.ndlist")));
        }
    }

    @Test
    void badFilesGetClearErrorsAndAreLeftAlone() throws Exception {
        Path missing = dir.resolve("missing.db");
        String m = assertThrows(ArchiveException.class, () -> Archive.read(missing)).getMessage();
        assertTrue(m.startsWith("no archive at " + missing), m);
        assertFalse(Files.exists(missing), "reading must not create an archive");

        Path directory = Files.createDirectories(dir.resolve("dir.db"));
        m = assertThrows(ArchiveException.class, () -> Archive.open(directory)).getMessage();
        assertEquals("archive " + directory + " is a directory, not an archive file", m);

        Path garbage = dir.resolve("garbage.db");
        byte[] junk = Samples.png(1, 64);
        Files.write(garbage, junk);
        m = assertThrows(ArchiveException.class, () -> Archive.open(garbage)).getMessage();
        assertTrue(m.startsWith("archive " + garbage + " cannot be opened: it is not an equilibria archive"), m);
        assertArrayEquals(junk, Files.readAllBytes(garbage), "a file that is not an archive stays untouched");

        Path text = dir.resolve("notes.db");
        Files.writeString(text, "");
        Files.writeString(text, "just some text\n".repeat(100));
        assertThrows(ArchiveException.class, () -> Archive.open(text));
        assertEquals("just some text\n".repeat(100), Files.readString(text));
    }

    @Test
    void aNewerSchemaIsRefused() {
        Path file = dir.resolve("a.db");
        try (Archive archive = Archive.open(file)) {
            archive.write(w -> {
                w.put(Samples.evaluated(1, 1), null);
                return null;
            });
        }
        var db = org.mapdb.DBMaker.fileDB(file.toFile()).transactionEnable().make();
        db.hashMap("meta", org.mapdb.Serializer.STRING, org.mapdb.Serializer.STRING).open()
                .put("schema", Integer.toString(Archive.SCHEMA + 1));
        db.commit();
        db.close();
        String m = assertThrows(ArchiveException.class, () -> Archive.open(file)).getMessage();
        assertEquals("archive " + file + " was written by a newer equilibria (schema " + (Archive.SCHEMA + 1)
                + "; this one reads up to " + Archive.SCHEMA + "): upgrade equilibria to open it", m);
    }

    @Test
    void aSecondOpenInTheSameProcessIsToldWhoOwnsIt() {
        Path file = dir.resolve("a.db");
        try (Archive archive = Archive.open(file)) {
            ArchiveInUseException e = assertThrows(ArchiveInUseException.class, () -> Archive.open(file));
            assertTrue(e.getMessage().startsWith("archive " + file + " is in use by process "
                    + ProcessHandle.current().pid() + " on "), e.getMessage());
        }
        try (Archive again = Archive.open(file)) {
            assertEquals(0, again.ids().size(), "the lock and owner file are gone after close");
        }
    }
}
