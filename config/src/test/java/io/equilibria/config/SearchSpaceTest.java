package io.equilibria.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    /** Record components that are genes (not nested records). */
    private static List<String> geneComponents(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .filter(c -> !Record.class.isAssignableFrom(c.getType()))
                .map(RecordComponent::getName)
                .toList();
    }

    private static List<String> names(SearchSpace.Scope scope) {
        return scope.genes().stream().map(Gene::name).toList();
    }

    @Test
    void everyRecordComponentHasExactlyOneGeneInOrder() {
        assertEquals(geneComponents(Genome.class), names(SearchSpace.GENOME));
        assertEquals(geneComponents(GeneratorGenome.class), names(SearchSpace.GENERATOR));
        assertEquals(geneComponents(DiscriminatorGenome.class), names(SearchSpace.DISCRIMINATOR));
        assertEquals(geneComponents(RunConfig.class), names(RunConfig.FIELDS));
    }

    @Test
    void defaultsBuildValidRecords() {
        Genome g = ConfigJson.defaultGenome();
        assertEquals(128, g.zDim());
        assertEquals(4, g.a().mappingLayers());
        assertEquals(DiscriminatorMode.CLASSIFIER, g.d().mode());
        assertTrue(ConfigJson.defaultRun().budgetInSteps());
    }

    @Test
    void recordsRefuseValuesOutsideTheTable() {
        GeneratorGenome a = Preset.BENCH64.genome().a();
        ConfigException e = assertThrows(ConfigException.class, () -> a.withLearningRate(0.5));
        assertEquals("learningRate", e.field());
        assertThrows(ConfigException.class, () -> Preset.BENCH64.genome().withSeed(-1));
        assertThrows(ConfigException.class, () -> new RunConfig(48, 10, 0, 1, 0, 4));
    }

    @Test
    void channelsHalvePerDoublingPast8() {
        GeneratorGenome g = Preset.BENCH64.genome().a();
        int[] expected = {256, 256, 128, 64, 32};
        for (int level = 0; level < expected.length; level++) {
            assertEquals(expected[level], g.channelsAt(4 << level), "at " + (4 << level));
        }
    }

    @Test
    void bench64IsExactlyTheReferenceGenome() {
        Genome g = Preset.BENCH64.genome();
        assertEquals(1, g.seed());
        assertEquals(128, g.zDim());
        assertEquals(16, g.batchSize());
        assertEquals(64, Preset.BENCH64.run().resolution());
        for (GeneratorGenome x : List.of(g.a(), g.b())) {
            assertEquals(128, x.wDim());
            assertEquals(4, x.mappingLayers());
            assertTrue(x.noise() && x.demodulate());
            assertEquals(Activation.LEAKY_RELU, x.activation());
            assertEquals(Upsampling.NEAREST, x.upsampling());
            assertEquals(false, x.progressive());
            assertEquals(1.0, x.classWeight());
            assertEquals(1.0, x.embedWeight());
            assertEquals(1.0, x.colourWeight());
            assertEquals(EmbeddingDistance.L2, x.embedDistance());
            assertEquals(ColourForm.LINEAR, x.colourForm());
            assertEquals(0.002, x.learningRate());
        }
        DiscriminatorGenome d = g.d();
        int[] expected = {256, 256, 128, 64, 32};
        for (int level = 0; level < expected.length; level++) {
            assertEquals(expected[level], d.channelsAt(4 << level));
        }
        assertEquals(false, d.minibatchStddev());
        assertEquals(128, d.embeddingDim());
        assertEquals(DiscriminatorMode.CLASSIFIER, d.mode());
        assertEquals(16, d.batchSize());
        assertEquals(0.002, d.learningRate());
    }

    @Test
    void presetsByNameAndUnknownPresetListsTheKnownOnes() {
        assertEquals(Preset.TINY, Preset.named("tiny"));
        ConfigException e = assertThrows(ConfigException.class, () -> Preset.named("huge"));
        assertEquals("preset: unknown preset \"huge\"; known: tiny, cpu, series1, bench64, gpu", e.getMessage());
    }
}
