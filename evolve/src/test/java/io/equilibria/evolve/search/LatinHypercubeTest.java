package io.equilibria.evolve.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.config.Genome;
import io.equilibria.config.Preset;
import io.equilibria.config.Symmetry;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatinHypercubeTest {
    @Test
    void everyBatchPutsOnePointIntoEachStratumOfEveryGene() {
        LatinHypercube design = new LatinHypercube(5, 8);
        SplittableRandom random = new SplittableRandom(3);
        for (int batch = 0; batch < 3; batch++) {
            boolean[][] hit = new boolean[5][8];
            for (int i = 0; i < 8; i++) {
                double[] p = design.next(random);
                for (int g = 0; g < 5; g++) {
                    assertTrue(p[g] >= 0 && p[g] < 1, "gene " + g + ": " + p[g]);
                    int stratum = (int) (p[g] * 8);
                    assertTrue(!hit[g][stratum], "gene " + g + " stratum " + stratum + " twice in batch " + batch);
                    hit[g][stratum] = true;
                }
            }
        }
    }

    @Test
    void theSameRandomStreamGivesTheSameDesign() {
        LatinHypercube a = new LatinHypercube(4, 6);
        LatinHypercube b = new LatinHypercube(4, 6);
        SplittableRandom ra = new SplittableRandom(9);
        SplittableRandom rb = new SplittableRandom(9);
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(a.next(ra), b.next(rb));
        }
    }

    @Test
    void anInitialPopulationOfEightHoldsEverySymmetryTwice() {
        GenomeCodec codec = new GenomeCodec(Preset.CPU.searchBounds(), 1);
        LatinHypercube design = new LatinHypercube(codec.slots().size(), 8);
        SplittableRandom random = new SplittableRandom(1);
        Map<Symmetry, Integer> a = new EnumMap<>(Symmetry.class);
        for (int i = 0; i < 8; i++) {
            Genome g = codec.decode(design.next(random));
            a.merge(g.a().symmetry(), 1, Integer::sum);
        }
        for (Symmetry s : Symmetry.values()) {
            assertEquals(2, a.get(s), s + " in " + a);
        }
    }
}
