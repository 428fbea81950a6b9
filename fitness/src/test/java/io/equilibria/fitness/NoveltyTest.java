package io.equilibria.fitness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.training.ProbeImages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Novelty on hand-made descriptors, the adaptive archive, and the descriptor's names. */
class NoveltyTest {
    @Test
    void noveltyIsTheMeanDistanceToTheKNearest() {
        Novelty plain = Novelty.fittedTo(List.of());
        List<double[]> others = List.of(new double[] {1, 0}, new double[] {0, 2}, new double[] {3, 4},
                new double[] {10, 0});
        assertEquals((1 + 2) / 2.0, plain.of(new double[] {0, 0}, others, 2), 1e-12);
        assertEquals((1 + 2 + 5) / 3.0, plain.of(new double[] {0, 0}, others, 3), 1e-12);
        assertEquals((1 + 2 + 5 + 10) / 4.0, plain.of(new double[] {0, 0}, others, 15), 1e-12, "fewer than k");
        assertEquals(0, plain.of(new double[] {0, 0}, List.of(), 15));
    }

    @Test
    void featuresAreStandardisedSoThatNoScaleDominates() {
        // Feature 0 spreads over thousands, feature 1 over units: standardised, both count alike.
        List<double[]> reference = List.of(new double[] {0, 0}, new double[] {1000, 1}, new double[] {2000, 2});
        Novelty n = Novelty.fittedTo(reference);
        double alongBig = n.of(new double[] {1000, 0}, List.of(new double[] {0, 0}), 1);
        double alongSmall = n.of(new double[] {0, 1}, List.of(new double[] {0, 0}), 1);
        assertEquals(alongBig, alongSmall, 1e-9);
    }

    @Test
    void eachFacetOfADescriptorCountsAlikeHoweverManyFeaturesMeasureIt() {
        Novelty n = Novelty.ofDescriptors(List.of()); // no reference: every feature at scale 1
        double[] origin = new double[Descriptor.NAMES.size()];
        double[] mirrored = origin.clone();
        double[] recoloured = origin.clone();
        for (int i = 0; i < origin.length; i++) {
            String name = Descriptor.NAMES.get(i);
            if (name.startsWith("a_symmetry")) {
                mirrored[i] = 1; // A's composition: 2 features
            }
            if (name.startsWith("a_") && Descriptor.facet(name.substring(2)).equals("colour")) {
                recoloured[i] = 1; // A's palette: 8 features
            }
        }
        double byComposition = n.of(mirrored, List.of(origin), 1);
        assertEquals(byComposition, n.of(recoloured, List.of(origin), 1), 1e-12);
        assertEquals(Math.sqrt(origin.length / 9.0), byComposition, 1e-12, "nine facets; the scale is kept");
        double sum = 0;
        for (double w : Descriptor.facetWeights()) {
            sum += w * w;
        }
        assertEquals(origin.length, sum, 1e-9);
        // Weighing is for behaviour descriptors, said by the caller, not guessed from a length.
        Novelty plain = Novelty.fittedTo(List.of());
        assertEquals(Math.sqrt(8), plain.of(recoloured, List.of(origin), 1), 1e-12, "8 features, unweighed");
        assertThrows(IllegalArgumentException.class, () -> Novelty.ofDescriptors(List.of(new double[] {1, 2})));
        assertThrows(IllegalArgumentException.class, () -> n.of(new double[] {0, 0}, List.of(new double[] {1, 1}), 1));
    }

    @Test
    void anOutlierIsMoreNovelThanAMemberOfACluster() {
        List<double[]> cluster = List.of(new double[] {0, 0}, new double[] {0.1, 0}, new double[] {0, 0.1},
                new double[] {0.1, 0.1});
        Novelty n = Novelty.fittedTo(List.of());
        assertTrue(n.of(new double[] {5, 5}, cluster, 3) > n.of(new double[] {0.05, 0.05}, cluster, 3));
    }

    @Test
    void theArchiveThresholdAdapts() {
        Novelty.Archive archive = Novelty.Archive.empty();
        double start = archive.threshold();
        assertFalse(archive.consider("low", start / 2));
        for (int i = 0; i < 5; i++) {
            assertTrue(archive.consider("id" + i, start * 2));
        }
        assertFalse(archive.consider("id0", start * 3), "an id enters once");
        archive.endGeneration();
        assertEquals(start * (1 + Thresholds.NOVELTY_ADJUST), archive.threshold(), 1e-12);
        double raised = archive.threshold();
        for (int g = 0; g < Thresholds.NOVELTY_STALL; g++) {
            archive.endGeneration();
        }
        assertEquals(raised * (1 - Thresholds.NOVELTY_ADJUST), archive.threshold(), 1e-12);
        assertEquals(5, archive.ids().size());
    }

    @Test
    void theDescriptorHasEveryNamedFeatureAndTellsPicturesApart() {
        ProbeImages smooth = StabilityTest.probes(StabilityTest.smooth(1, 1), StabilityTest.smooth(2, 1));
        ProbeImages noisy = StabilityTest.probes(StabilityTest.white(1), StabilityTest.white(2));
        Map<String, Double> a = Descriptor.of(smooth);
        Map<String, Double> b = Descriptor.of(noisy);
        assertEquals(Descriptor.NAMES, List.copyOf(a.keySet()));
        a.values().forEach(v -> assertTrue(Double.isFinite(v)));
        assertTrue(b.get("a_edge_density") > a.get("a_edge_density"));
        assertTrue(b.get("a_spectral_slope") > a.get("a_spectral_slope"));
        double[] va = Descriptor.vector(a);
        assertEquals(Descriptor.NAMES.size(), va.length);
        assertEquals(a.get("ab_difference"), va[va.length - 1]);
        ProbeImages same = StabilityTest.probes(StabilityTest.smooth(1, 1), StabilityTest.smooth(1, 1));
        assertEquals(0, Descriptor.of(same).get("ab_difference"));
    }
}
