package io.equilibria.archive.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.archive.ArchiveInUseException;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Samples;
import io.equilibria.archive.Status;
import io.equilibria.archive.browse.SharedArchive;
import io.equilibria.archive.store.Archive;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser's view of an archive lets a search start, reads through it, and takes over when it ends. */
public class SharedArchiveTest {
    @TempDir
    Path dir;

    private static Entry add(Archive archive, long seed) {
        return archive.write(w -> {
            Entry e = Samples.evaluated(seed, seed, 0.5, 0, List.of(), "r", Map.of());
            w.put(e, Samples.thumbnails(seed));
            return e;
        });
    }

    @Test
    void aSearchCanStartWhileTheBrowserIsOpenAndTheBrowserFollowsIt() {
        Path file = dir.resolve("s.db");
        try (Archive archive = Archive.open(file)) {
            add(archive, 1);
        }
        try (SharedArchive view = SharedArchive.open(file)) {
            assertEquals(1, view.stats().entries());
            assertFalse(view.throughOwner());
            // A writer (a search) waits for the idle browser to let go, instead of being refused
            // (refused, Archive.open would throw ArchiveInUseException).
            try (Archive search = Archive.open(file)) {
                add(search, 2);
                assertEquals(2, view.stats().entries(), "reads go through the search");
                assertTrue(view.throughOwner());
                assertEquals(Status.PROMOTED, view.promote(Entry.idOf(Samples.genome(2), Samples.run())).status());
            }
            assertEquals(2, view.stats().entries(), "the search ended: the browser opens the archive again");
            assertFalse(view.throughOwner());
        }
        try (Archive archive = Archive.open(file)) {
            assertEquals(Status.PROMOTED, archive.entry(Entry.idOf(Samples.genome(2), Samples.run())).orElseThrow()
                    .status(), "the promotion was the search's to store, and it did");
        }
    }

    @Test
    void aWriterIsStillToldAtOnceWhenAnotherWriterOwnsTheArchive() {
        Path file = dir.resolve("w.db");
        try (Archive first = Archive.open(file)) {
            ArchiveInUseException e = org.junit.jupiter.api.Assertions.assertThrows(ArchiveInUseException.class,
                    () -> Archive.open(file));
            // Archive.open waits only while the holder is a reader or has not said what it is.
            assertFalse(e.owner() == null || e.owner().reader(), "no waiting for a writer: the owner says it writes");
            assertTrue(e.getMessage().contains("is in use by process " + ProcessHandle.current().pid()), e.getMessage());
        }
    }
}
