package io.equilibria.evolve.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.ext.moea.Vec;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The parents a search records for its offspring: crossover children have both, mutants their original's. */
public class LineageTest {
    private static Genotype<DoubleGene> genotype(double... units) {
        return Genotype.of(DoubleChromosome.of(java.util.Arrays.stream(units).mapToObj(u -> DoubleGene.of(u, 0, 1))
                .toList()));
    }

    /** Every gene variable and read; two unit values are one only when equal. */
    private static final Lineage.Genes EVERY = new Lineage.Genes() {
        @Override
        public BitSet variable(Genotype<DoubleGene> genotype) {
            BitSet all = new BitSet();
            all.set(0, genotype.chromosome().length());
            return all;
        }

        @Override
        public BitSet read(Genotype<DoubleGene> genotype) {
            return variable(genotype);
        }

        @Override
        public boolean same(int gene, double u, double v) {
            return u == v;
        }
    };

    /** An id that is the genotype's first gene, readable in assertions. */
    private static String id(Genotype<DoubleGene> g) {
        return String.format(java.util.Locale.ROOT, "%.2f", g.chromosome().get(0).doubleValue());
    }

    @Test
    void crossoverChildrenHaveBothParentsAndMutantsTheirOriginals() {
        Lineage lineage = new Lineage(LineageTest::id);
        Genotype<DoubleGene> a = genotype(0.1, 0.1, 0.1, 0.1);
        Genotype<DoubleGene> b = genotype(0.9, 0.9, 0.9, 0.9);
        var population = io.jenetics.util.MSeq.of(Phenotype.<DoubleGene, Vec<double[]>>of(a, 0),
                Phenotype.<DoubleGene, Vec<double[]>>of(b, 0));
        RandomRegistry.with(new SplittableRandom(3)).run(() -> lineage.crossover(1, new int[] {0, 1, 1, 2}).recombine(population,
                new int[] {0, 1}, 1));
        for (var child : population) {
            assertEquals(List.of("0.10", "0.90"), lineage.parentsOf(child.genotype()), "a child of both");
        }
        // A mutant of a child keeps the child's parents; a mutant of an original has the original as parent.
        var mutants = RandomRegistry.with(new SplittableRandom(4)).call(() -> lineage.mutator(2, EVERY)
                .alter(ISeq.of(population.get(0), Phenotype.<DoubleGene, Vec<double[]>>of(a, 0)), 1).population());
        assertEquals(List.of("0.10", "0.90"), lineage.parentsOf(mutants.get(0).genotype()));
        assertEquals(List.of("0.10"), lineage.parentsOf(mutants.get(1).genotype()));
        assertNotEquals(a, mutants.get(1).genotype(), "every mutant differs from its original in at least one gene");
        assertTrue(lineage.parentsOf(genotype(0.5, 0.5, 0.5, 0.5)).isEmpty(), "a random individual has no parents");
        lineage.adopt(a, List.of("chosen"));
        assertEquals(List.of("chosen"), lineage.parentsOf(a), "a run bred from chosen finds records them");
        lineage.clear();
        assertTrue(lineage.parentsOf(a).isEmpty());
    }
}
