package io.equilibria.archive.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Comparison;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Owner;
import io.equilibria.archive.Query;
import io.equilibria.archive.Rating;
import io.equilibria.archive.Samples;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import io.equilibria.config.Json;
import io.equilibria.config.Side;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one forwarding path: every ArchiveView operation through the owner answers as the archive does. */
class RemoteArchiveTest {
    @TempDir
    Path dir;

    @Test
    void everyOperationThroughTheOwnerAnswersAsTheArchiveItself() {
        Path file = dir.resolve("a.db");
        try (Archive archive = Archive.open(file)) {
            Entry parent = Samples.evaluated(1, 0.5);
            Entry child = Samples.evaluated(2, 0.7, 0.9, 1, List.of(parent.id()), "r", java.util.Map.of());
            archive.write(w -> {
                w.put(parent, Samples.thumbnails(1));
                w.put(child, Samples.thumbnails(2));
                w.putRun(Samples.searchRun("r"));
                return null;
            });
            try (ArchiveView remote = RemoteArchive.of(file, Owner.read(file))) {
                assertTrue(RemoteArchive.isRemote(remote));
                Set<String> called = new TreeSet<>();
                Query all = new Query(Sort.SCORE, false, null, null, 0, 100);
                assertEquals(json(archive.entry(child.id())), json(remote.entry(child.id())));
                called.add("entry");
                assertEquals(json(archive.resolve(child.id().substring(0, 6))), json(remote.resolve(child.id().substring(0, 6))));
                called.add("resolve");
                assertEquals(json(archive.rows(all)), json(remote.rows(all)));
                called.add("rows");
                assertEquals(json(archive.list(all)), json(remote.list(all)));
                called.add("list");
                assertEquals(archive.children(parent.id()), remote.children(parent.id()));
                called.add("children");
                assertArrayEquals(archive.thumbnail(child.id(), Side.B).orElseThrow(),
                        remote.thumbnail(child.id(), Side.B).orElseThrow());
                called.add("thumbnail");
                assertEquals(json(archive.runs()), json(remote.runs()));
                called.add("runs");
                assertEquals(json(archive.run("r")), json(remote.run("r")));
                assertTrue(remote.run("none").isEmpty());
                called.add("run");
                assertEquals(json(archive.stats()), json(remote.stats()));
                called.add("stats");
                assertTrue(remote.clustering().isEmpty());
                called.add("clustering");
                assertEquals(archive.behaviours(), remote.behaviours());
                called.add("behaviours");
                // The changes: stored by the owner.
                assertEquals(Status.PROMOTED, remote.promote(parent.id()).status());
                assertEquals(Status.PROMOTED, archive.entry(parent.id()).orElseThrow().status());
                called.add("promote");
                Entry rated = remote.rate(child.id(), new Rating.Change(4, null, null, "warm", false));
                assertEquals(4, rated.rating().stars());
                assertEquals(4, archive.entry(child.id()).orElseThrow().rating().stars());
                called.add("rate");
                remote.compare(new Comparison(List.of(parent.id(), child.id()), child.id(), false, Instant.now()));
                assertEquals(1, archive.comparisons().size());
                assertEquals(json(archive.comparisons()), json(remote.comparisons()));
                called.add("compare");
                called.add("comparisons");
                // Errors are the owner's, one line.
                ArchiveException e = assertThrows(ArchiveException.class, () -> remote.resolve("ffffffffffffffff"));
                assertEquals("no entry ffffffffffffffff in archive " + file, e.getMessage());
                called.add("saveClustering"); // written by `cluster` through the owner: ClusterCommandTest
                called.add("file");
                called.add("close");
                Set<String> operations = new TreeSet<>();
                for (Method m : ArchiveView.class.getMethods()) {
                    if (!m.isDefault() && !java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                        operations.add(m.getName());
                    }
                }
                assertEquals(operations, called, "every operation is checked here");
                assertEquals(file, remote.file());
            }
        }
    }

    private static String json(Object value) {
        return new String(Json.bytes(value instanceof java.util.Optional<?> o ? o.orElse(null) : value));
    }
}
