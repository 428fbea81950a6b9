package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.equilibria.config.ColourMeasure;
import io.equilibria.config.GeneratorGenome;
import io.equilibria.config.Genome;
import io.equilibria.config.OutputRange;
import io.equilibria.config.Style;
import io.equilibria.config.Symmetry;
import org.junit.jupiter.api.Test;

/** Output shapes of the generators and the discriminator at every resolution and during fade-in. */
class NetworksTest extends ManagerTest {
    @Test
    void generatorShapesAtEveryLevelAndDuringFadeIn() {
        Genome g = Genomes.progressive();
        for (var genes : new GeneratorGenome[] {g.a(), g.b()}) {
            Generator gen = new Generator(manager, genes, g.zDim(), 32, Rng.of(1));
            NDArray z = Noise.of(2).gaussian(manager, 3, g.zDim());
            for (int level = 0; level <= 3; level++) {
                for (float alpha : new float[] {0f, 0.5f, 1f}) {
                    NDArray x = gen.forward(z, level, alpha, Noise.of(3));
                    int r = 4 << level;
                    assertEquals(new Shape(3, 3, r, r), x.getShape(), "level " + level + " alpha " + alpha);
                    assertFalse(Float.isNaN(x.sum().getFloat()));
                }
            }
        }
    }

    @Test
    void fadeInStartsFromThePreviousResolutionUpsampled() {
        Genome g = Genomes.progressive();
        Generator gen = new Generator(manager, g.a(), g.zDim(), 32, Rng.of(1));
        NDArray z = Noise.of(2).gaussian(manager, 2, g.zDim());
        NDArray low = gen.forward(z, 1, 1f, Noise.of(3));
        NDArray faded = gen.forward(z, 2, 0f, Noise.of(3));
        NDArray expected = Layers.upsample(low, g.a().upsampling());
        assertArrayEquals(expected.toFloatArray(), faded.toFloatArray(), 1e-5f);
    }

    @Test
    void symmetryIsExactAtEveryLevelForBothStyles() {
        Genome g = Genomes.progressive();
        for (Style style : Style.values()) {
            for (Symmetry symmetry : Symmetry.values()) {
                GeneratorGenome genes = g.a().withDynamics(style, OutputRange.LINEAR, ColourMeasure.RAW)
                        .withSymmetry(symmetry);
                Generator gen = new Generator(manager, genes, g.zDim(), 32, Rng.of(1));
                NDArray z = Noise.of(2).gaussian(manager, 2, g.zDim());
                for (int level = 0; level <= 3; level++) {
                    NDArray x = gen.forward(z, level, level == 2 ? 0.5f : 1f, Noise.of(3));
                    String where = style + " " + symmetry + " level " + level;
                    assertEquals(symmetry.leftRight(), x.equals(x.flip(3)), where + " left-right");
                    assertEquals(symmetry.topBottom(), x.equals(x.flip(2)), where + " top-bottom");
                }
            }
        }
    }

    @Test
    void discriminatorShapesAtEveryLevelAndDuringFadeIn() {
        Genome g = Genomes.progressive();
        Discriminator d = new Discriminator(manager, g.d(), 32, Rng.of(1));
        for (int level = 0; level <= 3; level++) {
            int r = 4 << level;
            NDArray x = Noise.of(4).gaussian(manager, 6, 3, r, r);
            for (float alpha : new float[] {0f, 0.5f, 1f}) {
                Discriminator.Output out = d.forward(x, level, alpha, 2);
                assertEquals(new Shape(6, g.d().embeddingDim()), out.embedding().getShape());
                assertEquals(new Shape(6), out.logit().getShape());
            }
        }
    }

    @Test
    void minibatchStddevNeverMixesTheGenerators() {
        Genome g = Genomes.progressive();
        assertTrue(g.d().minibatchStddev());
        Discriminator d = new Discriminator(manager, g.d(), 16, Rng.of(1));
        NDArray halfA = Noise.of(5).gaussian(manager, 3, 3, 16, 16);
        NDArray halfB1 = Noise.of(6).gaussian(manager, 3, 3, 16, 16);
        NDArray halfB2 = halfB1.mul(5f);
        NDArray e1 = d.forward(Layers.concat(halfA, halfB1, 0), 2, 1f, 2).embedding().get("0:3");
        NDArray e2 = d.forward(Layers.concat(halfA, halfB2, 0), 2, 1f, 2).embedding().get("0:3");
        assertArrayEquals(e1.toFloatArray(), e2.toFloatArray(), 1e-5f);
        NDArray alone = d.forward(halfA, 2, 1f, 1).embedding();
        assertArrayEquals(e1.toFloatArray(), alone.toFloatArray(), 1e-5f);
    }

    @Test
    void flopsGrowWithResolution() {
        Genome g = Genomes.tiny();
        Generator gen = new Generator(manager, g.a(), g.zDim(), 16, Rng.of(1));
        assertTrue(gen.flopsPerSample(2) > gen.flopsPerSample(1));
    }
}
