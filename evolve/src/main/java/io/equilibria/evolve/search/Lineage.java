package io.equilibria.evolve.search;

import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.GaussianMutator;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.Recombinator;
import io.jenetics.ext.moea.Vec;
import io.jenetics.util.MSeq;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Parents of the offspring of one generation. Jenetics does not track them, so the search's two
 * alterers record them as they work: a uniform crossover (both children have both parents) and a
 * Gaussian mutation (a mutant keeps its original's parents, or has its original as its parent).
 */
public final class Lineage {
    private final Map<Genotype<DoubleGene>, List<String>> parents = new HashMap<>();
    private final Function<Genotype<DoubleGene>, String> idOf;

    /** @param idOf the archive id of an individual's genotype */
    Lineage(Function<Genotype<DoubleGene>, String> idOf) {
        this.idOf = idOf;
    }

    /** The parents of {@code genotype}: empty for a random (initial or repaired) individual. */
    List<String> parentsOf(Genotype<DoubleGene> genotype) {
        return parents.getOrDefault(genotype, List.of());
    }

    void clear() {
        parents.clear();
    }

    /** Records {@code parents} for a genotype made outside the alterers (a run bred from chosen finds). */
    void adopt(Genotype<DoubleGene> genotype, List<String> of) {
        parents.put(genotype, List.copyOf(of));
    }

    private List<String> asParent(Genotype<DoubleGene> g) {
        List<String> known = parents.get(g);
        return known != null ? known : List.of(idOf.apply(g));
    }

    Crossover crossover(double probability) {
        return new Crossover(probability);
    }

    Mutator mutator(double probability) {
        return new Mutator(probability);
    }

    /** Uniform crossover over the one chromosome: each gene comes from either parent. */
    final class Crossover extends Recombinator<DoubleGene, Vec<double[]>> {
        Crossover(double probability) {
            super(probability, 2);
        }

        @Override
        protected int recombine(MSeq<Phenotype<DoubleGene, Vec<double[]>>> population, int[] individuals,
                long generation) {
            Genotype<DoubleGene> g1 = population.get(individuals[0]).genotype();
            Genotype<DoubleGene> g2 = population.get(individuals[1]).genotype();
            RandomGenerator random = io.jenetics.util.RandomRegistry.random();
            List<DoubleGene> c1 = new ArrayList<>();
            List<DoubleGene> c2 = new ArrayList<>();
            int swapped = 0;
            for (int i = 0; i < g1.chromosome().length(); i++) {
                boolean swap = random.nextBoolean();
                c1.add((swap ? g2 : g1).chromosome().get(i));
                c2.add((swap ? g1 : g2).chromosome().get(i));
                swapped += swap ? 1 : 0;
            }
            List<String> both = new ArrayList<>(asParent(g1));
            for (String p : asParent(g2)) {
                if (!both.contains(p)) {
                    both.add(p);
                }
            }
            Genotype<DoubleGene> child1 = Genotype.of(DoubleChromosome.of(c1));
            Genotype<DoubleGene> child2 = Genotype.of(DoubleChromosome.of(c2));
            parents.put(child1, List.copyOf(both));
            parents.put(child2, List.copyOf(both));
            population.set(individuals[0], Phenotype.of(child1, generation));
            population.set(individuals[1], Phenotype.of(child2, generation));
            return swapped;
        }
    }

    /**
     * Gaussian mutation (Jenetics' shape: σ = a quarter of the unit range) of every offspring: each
     * gene mutates with probability {@code genesPerOffspring / length}, and at least one always does,
     * so that no offspring is a copy of an individual already evaluated. (Jenetics' own Mutator
     * spreads its probability over individual, chromosome and gene, which with our one chromosome
     * leaves most offspring untouched.)
     */
    final class Mutator extends GaussianMutator<DoubleGene, Vec<double[]>> {
        private final double genesPerOffspring;

        Mutator(double genesPerOffspring) {
            super(0.5);
            this.genesPerOffspring = genesPerOffspring;
        }

        @Override
        public io.jenetics.AltererResult<DoubleGene, Vec<double[]>> alter(
                io.jenetics.util.Seq<Phenotype<DoubleGene, Vec<double[]>>> population, long generation) {
            RandomGenerator random = io.jenetics.util.RandomRegistry.random();
            List<Phenotype<DoubleGene, Vec<double[]>>> out = new ArrayList<>(population.size());
            int mutations = 0;
            for (Phenotype<DoubleGene, Vec<double[]>> p : population) {
                Genotype<DoubleGene> g = p.genotype();
                int length = g.chromosome().length();
                double q = Math.min(1, genesPerOffspring / length);
                int forced = random.nextInt(length);
                List<DoubleGene> genes = new ArrayList<>(length);
                for (int i = 0; i < length; i++) {
                    DoubleGene gene = g.chromosome().get(i);
                    if (i == forced || random.nextDouble() < q) {
                        gene = mutate(gene, random);
                        mutations++;
                    }
                    genes.add(gene);
                }
                Genotype<DoubleGene> mutant = Genotype.of(DoubleChromosome.of(genes));
                parents.put(mutant, asParent(g));
                out.add(Phenotype.of(mutant, generation));
            }
            return new io.jenetics.AltererResult<>(io.jenetics.util.ISeq.of(out), mutations);
        }
    }
}
