package io.equilibria.evolve.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.config.ConfigException;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Domain;
import io.equilibria.config.EmbeddingDistance;
import io.equilibria.config.Gene;
import io.equilibria.config.Genome;
import io.equilibria.config.Preset;
import io.equilibria.config.SearchSpace;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenetics.DoubleGene;
import io.jenetics.Phenotype;
import io.jenetics.ext.moea.Vec;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

public class GenomeCodecTest {
    @Test
    void theCodecCoversEverySearchedGeneOfTheTable() {
        List<String> expected = new ArrayList<>();
        for (var scope : List.of(Map.entry("", SearchSpace.GENOME), Map.entry("a.", SearchSpace.GENERATOR),
                Map.entry("b.", SearchSpace.GENERATOR), Map.entry("d.", SearchSpace.DISCRIMINATOR))) {
            for (Gene g : scope.getValue().genes()) {
                if (g.searched()) {
                    expected.add(scope.getKey() + g.name());
                }
            }
        }
        GenomeCodec codec = new GenomeCodec(Map.of(), 7);
        assertEquals(expected, codec.slots().stream().map(GenomeCodec.Slot::path).toList());
        assertEquals(expected.size(), codec.codec().encoding().newInstance().chromosome().length());
    }

    /**
     * A mutant of the cpu search trains otherwise than its original: it differs in a gene that the
     * training reads (with the Gaussian step alone, 9% of them decoded to their original's genome:
     * the step often stays in an option's bucket, and ten of the search's genes hold one value).
     */
    @Test
    void everyMutantDiffersFromItsOriginalInAGeneItsTrainingReads() {
        GenomeCodec codec = new GenomeCodec(Preset.CPU.searchBounds(), 7);
        int resolution = Preset.CPU.run().resolution();
        var mutator = new Lineage(g -> "x").mutator(2, codec.genes(resolution));
        Random random = new Random(3);
        List<Phenotype<DoubleGene, Vec<double[]>>> originals = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            originals.add(Phenotype.of(GenomeCodec.genotype(random.doubles(codec.slots().size()).toArray()), 0));
        }
        var mutants = RandomRegistry.with(new SplittableRandom(4)).call(() -> mutator.alter(ISeq.of(originals), 1)
                .population());
        int changed = 0;
        for (int i = 0; i < originals.size(); i++) {
            Genome original = codec.decode(originals.get(i).genotype());
            Genome mutant = codec.decode(mutants.get(i).genotype());
            JsonNode x = ConfigJson.toJson(original);
            JsonNode y = ConfigJson.toJson(mutant);
            List<String> read = new ArrayList<>();
            for (GenomeCodec.Slot slot : codec.slots()) {
                String pointer = "/" + slot.path().replace('.', '/');
                if (!x.at(pointer).equals(y.at(pointer))) {
                    changed++;
                    if (!original.unreadAt(resolution).contains(slot.path())) {
                        read.add(slot.path());
                    }
                }
            }
            assertTrue(!read.isEmpty(), original + " -> " + mutant);
        }
        assertTrue(changed > 2 * originals.size(), "about two genes and the forced one change: " + changed);
    }

    /**
     * A crossover child has each part of the ensemble (A, B, D, the shared genes) whole from one
     * parent, and between them both children have everything of both parents: a generator is not
     * pieced together from two, and no child is a copy. Gene by gene, almost every pair of children
     * here would mix a generator.
     */
    @Test
    void crossoverTakesEachPartOfTheEnsembleWholeFromOneParent() {
        GenomeCodec codec = new GenomeCodec(Preset.CPU.searchBounds(), 7);
        var crossover = new Lineage(g -> "x").crossover(1, codec.parts());
        Random random = new Random(5);
        Set<String> mixes = new HashSet<>();
        for (int pair = 0; pair < 200; pair++) {
            var population = io.jenetics.util.MSeq.of(
                    Phenotype.<DoubleGene, Vec<double[]>>of(GenomeCodec.genotype(random.doubles(codec.slots().size())
                            .toArray()), 0),
                    Phenotype.<DoubleGene, Vec<double[]>>of(GenomeCodec.genotype(random.doubles(codec.slots().size())
                            .toArray()), 0));
            Genome p1 = codec.decode(population.get(0).genotype());
            Genome p2 = codec.decode(population.get(1).genotype());
            RandomRegistry.with(new SplittableRandom(pair)).run(() -> crossover.recombine(population, new int[] {0, 1},
                    1));
            Genome c1 = codec.decode(population.get(0).genotype());
            Genome c2 = codec.decode(population.get(1).genotype());
            StringBuilder mix = new StringBuilder();
            for (var part : List.<java.util.function.Function<Genome, Object>>of(Genome::a, Genome::b, Genome::d,
                    g -> List.of(g.zDim(), g.batchSize()))) {
                boolean first = part.apply(c1).equals(part.apply(p1)) && part.apply(c2).equals(part.apply(p2));
                boolean swapped = part.apply(c1).equals(part.apply(p2)) && part.apply(c2).equals(part.apply(p1));
                assertTrue(first || swapped, "each part whole from one parent: " + c1 + " of " + p1 + " and " + p2);
                mix.append(first && swapped ? '=' : first ? '1' : '2');
            }
            if (mix.indexOf("=") < 0) { // a part both parents have alike: either parent may have given it
                assertTrue(!mix.toString().matches("1*|2*"), "a child is never a copy of a parent: " + mix);
                mixes.add(mix.toString());
            }
        }
        assertEquals(14, mixes.size(), "every other way of taking the four parts is drawn: " + mixes);
    }

    @Test
    void genomesRoundTripAndRandomGenotypesCoverTheDomains() {
        GenomeCodec codec = new GenomeCodec(Map.of(), 7);
        Random random = new Random(3);
        Set<Object> activations = new HashSet<>();
        Set<Integer> zDims = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            double[] units = random.doubles(codec.slots().size()).toArray();
            Genome g = codec.decode(units);
            assertEquals(7, g.seed());
            assertEquals(g, codec.decode(codec.units(g)));
            assertEquals(g, codec.codec().decode(codec.encode(g)));
            activations.add(g.a().activation());
            zDims.add(g.zDim());
            assertTrue(g.a().learningRate() >= 1e-4 && g.a().learningRate() <= 1e-2);
        }
        assertEquals(3, activations.size());
        assertEquals(Set.of(32, 64, 128, 256), zDims);
        Genome preset = Preset.CPU.genome().withSeed(7);
        assertEquals(preset, codec.decode(codec.units(preset)), "a table genome round-trips");
        // the extremes of the unit interval stay inside the domains
        codec.decode(new double[codec.slots().size()]);
        double[] ones = new double[codec.slots().size()];
        java.util.Arrays.fill(ones, 1.0);
        codec.decode(ones);
    }

    @Test
    void boundsNarrowTheSearchAndMustStayInsideTheTable() {
        GenomeCodec codec = new GenomeCodec(Map.of("a.baseChannels", new Domain.IntRange(8, 16, Domain.Scale.LOG),
                "zDim", Domain.IntSet.of(32), "b.noise", Domain.Flag.only(false)), 1);
        Random random = new Random(5);
        boolean aNoise = false;
        for (int i = 0; i < 200; i++) {
            Genome g = codec.decode(random.doubles(codec.slots().size()).toArray());
            assertTrue(g.a().baseChannels() >= 8 && g.a().baseChannels() <= 16, g.toString());
            assertEquals(32, g.zDim());
            assertEquals(false, g.b().noise(), g.toString());
            aNoise |= g.a().noise();
        }
        assertTrue(aNoise, "a flag left to the search takes both values");
        ConfigException wide = assertThrows(ConfigException.class, () -> new GenomeCodec(
                Map.of("a.baseChannels", new Domain.IntRange(2, 16, Domain.Scale.LOG)), 1));
        assertTrue(wide.getMessage().startsWith("bounds.a.baseChannels: "), wide.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> new GenomeCodec(
                Map.of("a.colour", Domain.IntSet.of(1)), 1));
        assertEquals("bounds.a.colour: no such searched gene", unknown.getMessage());
    }

    @Test
    void noSearchDrawsTheSummedL1AndAParentsL1ReadsAsItsMean() {
        for (Preset preset : Preset.values()) {
            GenomeCodec codec = new GenomeCodec(preset.searchBounds(), 1);
            Random random = new Random(11);
            Set<EmbeddingDistance> drawn = new HashSet<>();
            double maxColour = 0;
            for (int i = 0; i < 300; i++) {
                Genome g = codec.decode(random.doubles(codec.slots().size()).toArray());
                drawn.add(g.a().embedDistance());
                drawn.add(g.b().embedDistance());
                maxColour = Math.max(maxColour, Math.max(g.a().colourWeight(), g.b().colourWeight()));
            }
            assertEquals(Set.of(EmbeddingDistance.MEAN_L1, EmbeddingDistance.L2, EmbeddingDistance.COSINE), drawn,
                    preset.jsonName());
            // Only the cpu search, which measures colour relative to the images' power, weighs it past 2.
            assertEquals(preset == Preset.CPU, maxColour > 2, preset.jsonName() + ": " + maxColour);
        }
        GenomeCodec cpu = new GenomeCodec(Preset.CPU.searchBounds(), 1);
        var json = ConfigJson.toJson(Preset.CPU.genome());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("a")).put("embedDistance", "l1");
        Genome parent = ConfigJson.genomeFromJson(json, "parent");
        assertEquals(EmbeddingDistance.L1, parent.a().embedDistance());
        assertEquals(EmbeddingDistance.MEAN_L1, cpu.decode(cpu.units(parent)).a().embedDistance());
    }
}
