package io.equilibria.archive.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.archive.Entry;
import io.equilibria.archive.Owner;
import io.equilibria.archive.Query;
import io.equilibria.archive.Samples;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import io.equilibria.config.Side;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class JournalTest {
    @TempDir
    Path dir;

    private static Journal.Op op(Journal.Kind kind, String key, String value) {
        return new Journal.Op(kind, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<List<Journal.Op>> replay(Path path) throws IOException {
        List<List<Journal.Op>> records = new ArrayList<>();
        Journal.replay(path, records::add);
        return records;
    }

    private List<List<Journal.Op>> threeRecords(Path path) throws IOException {
        List<List<Journal.Op>> records = List.of(
                List.of(op(Journal.Kind.META, "schema", "1")),
                List.of(op(Journal.Kind.ENTRY, "00aa", "{\"id\":\"00aa\"}"), op(Journal.Kind.THUMBS, "00aa", "x\ty")),
                List.of(op(Journal.Kind.RUN, "größe", "{}".repeat(5000))));
        Journal.writeSnapshot(path, sink -> {});
        try (Journal journal = Journal.append(path)) {
            for (var r : records) {
                journal.append(r);
            }
        }
        return records;
    }

    @Test
    void recordsComeBackInOrder() throws Exception {
        Path path = dir.resolve("a.journal");
        assertEquals(threeRecords(path), replay(path));
    }

    @Test
    void aTornLastRecordIsLeftOutWhereverTheWriteStopped() throws Exception {
        Path path = dir.resolve("a.journal");
        List<List<Journal.Op>> records = threeRecords(path);
        byte[] whole = Files.readAllBytes(path);
        long twoRecords = Journal.replay(path, r -> {});
        assertEquals(whole.length, twoRecords);
        Path torn = dir.resolve("torn.journal");
        byte[] first = new byte[0];
        for (int cut = whole.length - 1; cut > whole.length - 10_040; cut -= 997) {
            Files.write(torn, java.util.Arrays.copyOf(whole, cut));
            assertEquals(records.subList(0, 2), replay(torn), "cut at " + cut);
            first = java.util.Arrays.copyOf(whole, cut);
        }
        long valid = Journal.replay(torn, r -> {});
        assertTrue(valid < first.length);
        Journal.truncate(torn, valid);
        try (Journal journal = Journal.append(torn)) {
            journal.append(records.get(2));
        }
        assertEquals(records, replay(torn), "appends after a cut torn record are read again");
    }

    @Test
    void aDamagedRecordEndsTheReplay() throws Exception {
        Path path = dir.resolve("a.journal");
        List<List<Journal.Op>> records = threeRecords(path);
        byte[] bytes = Files.readAllBytes(path);
        bytes[bytes.length - 100] ^= 0x10;
        Files.write(path, bytes);
        assertEquals(records.subList(0, 2), replay(path));
    }

    @Test
    void anArchiveLeftOpenByADeadProcessIsRebuiltFromItsJournalNotFromMapDb() throws Exception {
        Path file = dir.resolve("a.db");
        List<Entry> entries = new ArrayList<>();
        try (Archive archive = Archive.open(file)) {
            for (int i = 0; i < 30; i++) {
                int s = i;
                entries.add(archive.write(w -> {
                    Entry e = Samples.evaluated(s, s * 0.1, 0.5, s % 3, List.of(), "r", Map.of());
                    w.put(e, Samples.thumbnails(s));
                    w.putRun(Samples.searchRun("r", s));
                    return e;
                }));
            }
            archive.write(w -> w.update(entries.get(4).id(), e -> e.withStatus(Status.PROMOTED, null)));
        }
        // What a kill -9 can leave: the owner file, and a MapDB file MapDB cannot be trusted with.
        byte[] store = Files.readAllBytes(file);
        java.util.Arrays.fill(store, 16, store.length, (byte) 0x5a);
        Files.write(file, store);
        Files.writeString(Owner.fileOf(file), "{}");
        Files.writeString(Journal.fileOf(file).resolveSibling("a.db.journal.tmp"), "half a snapshot");
        try (Archive archive = Archive.open(file)) {
            assertEquals(30, archive.ids().size());
            assertEquals(Status.PROMOTED, archive.entry(entries.get(4).id()).orElseThrow().status());
            assertEquals(29, archive.run("r").orElseThrow().generation());
            assertEquals(entries.get(29).id(), archive.rows(Query.first(Sort.NOVELTY, 1)).rows().get(0).id());
            assertTrue(archive.thumbnail(entries.get(7).id(), Side.B).isPresent());
            assertEquals(List.of(), archive.children("00aa"));
        }
        assertFalse(Files.exists(dir.resolve("a.db.journal.tmp")), "a half-written snapshot is removed");
        assertFalse(Files.exists(Owner.fileOf(file)), "closed cleanly: no owner file");
    }

    @Test
    void aRebuildByHandLeavesAnArchiveTheNextOpenTrusts() throws Exception {
        Path file = dir.resolve("h.db");
        Entry entry;
        try (Archive archive = Archive.open(file)) {
            entry = archive.write(w -> {
                Entry e = Samples.evaluated(4, 0.5);
                w.put(e, Samples.thumbnails(4));
                return e;
            });
        }
        Files.writeString(Owner.fileOf(file), "{}"); // as a kill -9 leaves it
        assertEquals(2, Archive.rebuild(file), "schema metadata, then the entry");
        assertFalse(Files.exists(Owner.fileOf(file)), "rebuilt: nothing left that marks it as unclosed");
        try (Archive archive = Archive.open(file)) {
            assertEquals(entry, archive.entry(entry.id()).orElseThrow());
        }
    }

    @Test
    void anArchiveFromBeforeJournalsGetsOneThatHoldsEverything() throws Exception {
        Path file = dir.resolve("old.db");
        Entry entry;
        try (Archive archive = Archive.open(file)) {
            entry = archive.write(w -> {
                Entry e = Samples.evaluated(1, 0.5);
                w.put(e, Samples.thumbnails(1));
                return e;
            });
        }
        Files.delete(Journal.fileOf(file));
        try (Archive archive = Archive.open(file)) {
            assertEquals(List.of(entry.id()), archive.ids());
        }
        assertTrue(Files.exists(Journal.fileOf(file)));
        Files.writeString(Owner.fileOf(file), "{}"); // as if it had then been killed
        try (Archive archive = Archive.open(file)) {
            assertEquals(entry, archive.entry(entry.id()).orElseThrow());
            assertTrue(archive.thumbnail(entry.id(), Side.A).isPresent());
        }
    }
}
