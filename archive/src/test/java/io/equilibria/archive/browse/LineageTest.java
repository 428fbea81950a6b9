package io.equilibria.archive.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.archive.Entry;
import io.equilibria.archive.Samples;
import io.equilibria.archive.browse.Lineage;
import io.equilibria.archive.store.Archive;
import io.equilibria.fitness.Score;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A family tree across two runs: a find bred in a second run from finds of the first. */
public class LineageTest {
    @TempDir
    Path dir;

    @Test
    void ancestorsInAnotherRunAreDrawnWithTheirEdges() {
        Entry grandparent = Samples.evaluated(1, 0.1, 0.8, 0, List.of(), "first", Map.of());
        Entry parentA = Samples.evaluated(2, 0.2, 0.8, 1, List.of(grandparent.id()), "first", Map.of());
        Entry parentB = Samples.evaluated(3, 0.3, 0.2, 1, List.of(grandparent.id()), "first", Map.of())
                .withScores(new Score(0.2, "noise", "pixel noise"), null);
        Entry child = Samples.evaluated(4, 0.4, 0.8, 0, List.of(parentA.id(), parentB.id()), "second", Map.of());
        Entry grandchild = Samples.evaluated(5, 0.5, 0.8, 1, List.of(child.id()), "second", Map.of());
        try (Archive archive = Archive.open(dir.resolve("l.db"))) {
            archive.write(w -> {
                for (Entry e : List.of(grandparent, parentA, parentB, child, grandchild)) {
                    w.put(e, Samples.thumbnails(e.generation()));
                }
                return null;
            });
            Lineage tree = Lineage.of(archive, child.id(), 6, 4, 60);
            assertEquals(3, tree.ancestors(), "two parents of the first run and their one parent");
            assertEquals(1, tree.descendants());
            String svg = tree.svg();
            for (Entry e : List.of(grandparent, parentA, parentB, child, grandchild)) {
                assertTrue(svg.contains("href=\"/entry/" + e.id() + "\""), e.id() + " is linked");
            }
            assertEquals(5, svg.split("<line ").length - 1, "grandparent to both parents, both parents to the child,"
                    + " the child to its child");
            assertTrue(svg.contains("rect class=\"dead\""), "the noisy parent is marked");
            assertTrue(svg.contains("rect class=\"self\""));
            assertTrue(svg.contains("run first") && svg.contains("run second"), "both runs appear");
        }
    }
}
