package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.equilibria.config.ColourForm;
import io.equilibria.config.DiscriminatorMode;
import io.equilibria.config.EmbeddingDistance;
import io.equilibria.config.GeneratorGenome;
import io.equilibria.config.Genome;
import io.equilibria.config.Activation;
import io.equilibria.config.Upsampling;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleTest {
    private static final Phase FULL = new Phase(2, 1f, 1f, 1f); // 16x16, no fade

    private static float[][] values(Params p) {
        List<NDArray> arrays = p.arrays();
        float[][] v = new float[arrays.size()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = arrays.get(i).toFloatArray();
        }
        return v;
    }

    private static boolean same(float[][] x, float[][] y) {
        for (int i = 0; i < x.length; i++) {
            if (!java.util.Arrays.equals(x[i], y[i])) {
                return false;
            }
        }
        return true;
    }

    @Test
    void discriminatorStepLeavesTheGeneratorsUnchanged() {
        try (Ensemble e = new Ensemble(Genomes.tiny(), 16, Device.cpu()); NDScope scope = new NDScope()) {
            float[][] a = values(e.a.params);
            float[][] b = values(e.b.params);
            float[][] d = values(e.d.params);
            e.discriminatorStep(0, FULL);
            assertTrue(same(a, values(e.a.params)), "A unchanged");
            assertTrue(same(b, values(e.b.params)), "B unchanged");
            assertFalse(same(d, values(e.d.params)), "D updated");
        }
    }

    @Test
    void eachGeneratorsLossReachesOnlyItsOwnWeightsAndNeverD() {
        for (boolean lossOfA : new boolean[] {true, false}) {
            try (Ensemble e = new Ensemble(Genomes.tiny(), 16, Device.cpu()); NDScope scope = new NDScope()) {
                Genome g = e.genome();
                e.d.params.freeze(true);
                try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                    Ensemble.GeneratorTerms t = e.generatorTerms(0, FULL);
                    c.backward(lossOfA ? t.aTotal(g.a()) : t.bTotal(g.b()));
                } finally {
                    e.d.params.freeze(false);
                }
                float normA = e.a.params.gradient().norm().getFloat();
                float normB = e.b.params.gradient().norm().getFloat();
                float normD = e.d.params.gradient().norm().getFloat();
                assertTrue(lossOfA ? normA > 0 : normB > 0, "own gradient");
                assertEquals(0f, lossOfA ? normB : normA, "no gradient into the other generator");
                assertEquals(0f, normD, "no gradient accumulates in frozen D");
            }
        }
    }

    @Test
    void oneStepOnTheColourTermRaisesThatGeneratorsBatchVariance() {
        GeneratorGenome colourOnly = new GeneratorGenome(2, 32, 16, 0.5, false, true, Activation.LEAKY_RELU,
                Upsampling.NEAREST, false, 0.5, 0, 0, 1, EmbeddingDistance.L2, ColourForm.LINEAR, 0.01);
        GeneratorGenome idle = new GeneratorGenome(2, 32, 16, 0.5, false, true, Activation.LEAKY_RELU,
                Upsampling.NEAREST, false, 0.5, 0, 0, 0, EmbeddingDistance.L2, ColourForm.LINEAR, 0.002);
        Genome g = new Genome(5, 32, 8, colourOnly, idle, Genomes.tiny().d());
        try (Ensemble e = new Ensemble(g, 16, Device.cpu()); NDScope scope = new NDScope()) {
            float before = varianceOfA(e);
            float[][] b = values(e.b.params);
            e.step(0, FULL);
            float after = varianceOfA(e);
            assertTrue(after > before, "variance " + before + " -> " + after);
            assertTrue(same(b, values(e.b.params)), "B, with all weights 0, has no gradient and does not move");
        }
    }

    /** A's batch colour variance on a fixed batch with fixed noise. */
    private static float varianceOfA(Ensemble e) {
        NDArray z = Noise.of(99).gaussian(e.manager(), 8, e.genome().zDim());
        return Ensemble.colourVariance(e.generate(e.a, z, FULL, 1f, Noise.of(100))).getFloat();
    }

    @Test
    void diametricModeAlternatesTheLabels() {
        // Classifier: every D step raises D's logit on A's images; diametric: step 0 raises it, step 1 lowers it.
        float[] classifier = logitChanges(DiscriminatorMode.CLASSIFIER);
        assertTrue(classifier[0] > 0 && classifier[1] > 0, java.util.Arrays.toString(classifier));
        float[] diametric = logitChanges(DiscriminatorMode.DIAMETRIC);
        assertTrue(diametric[0] > 0 && diametric[1] < 0, java.util.Arrays.toString(diametric));
    }

    /** Change of D's logit gap (mean on A's images − mean on B's) over D steps t = 0 and t = 1, on their batches. */
    private static float[] logitChanges(DiscriminatorMode mode) {
        Genome g = Genomes.withMode(mode);
        int n = g.d().batchSize();
        try (Ensemble e = new Ensemble(g, 16, Device.cpu()); NDScope scope = new NDScope()) {
            float[] changes = new float[2];
            for (int step = 0; step < 2; step++) {
                NDArray batch = e.discriminatorBatch(step, FULL);
                float before = gap(e.d.forward(batch, FULL.level(), 1f, 2).logit(), n);
                e.discriminatorStep(step, FULL);
                float after = gap(e.d.forward(batch, FULL.level(), 1f, 2).logit(), n);
                changes[step] = after - before;
            }
            return changes;
        }
    }

    private static float gap(NDArray logits, int n) {
        return logits.get("0:" + n).mean().getFloat() - logits.get(n + ":").mean().getFloat();
    }

    @Test
    void stepsReleaseEveryArrayTheyCreate() {
        try (Ensemble e = new Ensemble(Genomes.progressive(), 32, Device.cpu())) {
            var manager = (ai.djl.ndarray.BaseNDManager) e.manager();
            e.step(0, new Phase(1, 0.5f, 0.5f, 0.5f));
            int after1 = manager.getManagedArrays().size();
            for (int i = 1; i < 6; i++) {
                e.step(i, new Phase(2, 0.5f, 1f, 0.5f));
            }
            assertEquals(after1, manager.getManagedArrays().size(), "arrays left behind by steps");
        }
    }

    @Test
    void checkpointStateCopiesAreDetached() {
        try (Ensemble e = new Ensemble(Genomes.tiny(), 16, Device.cpu()); NDScope scope = new NDScope()) {
            NDList snap = e.a.params.snapshot();
            e.step(0, FULL);
            assertFalse(java.util.Arrays.equals(snap.get(snap.size() - 1).toFloatArray(),
                    e.a.params.arrays().getLast().toFloatArray()) && java.util.Arrays.equals(
                    snap.get(0).toFloatArray(), e.a.params.arrays().getFirst().toFloatArray()));
            e.a.params.restore(snap);
            assertArrayEquals(snap.get(0).toFloatArray(), e.a.params.arrays().getFirst().toFloatArray());
        }
    }
}
