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
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Parents of the offspring of one generation. Jenetics does not track them, so the search's two
 * alterers record them as they work: a crossover by part (both children have both parents) and a
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

    /** @param parts each gene's part of the ensemble, numbered from 0 (see {@link GenomeCodec#parts}) */
    Crossover crossover(double probability, int[] parts) {
        return new Crossover(probability, parts);
    }

    /** A mutation of {@code genesPerOffspring} genes per offspring on average, at least one visible. */
    Mutator mutator(double genesPerOffspring, Genes genes) {
        return new Mutator(genesPerOffspring, genes);
    }

    /** What a mutation may change in a genotype, and when a new unit value is no change at all. */
    interface Genes {
        /** The genes that can take another value (a narrowed domain may hold a single one). */
        BitSet variable(Genotype<DoubleGene> genotype);

        /** Of those, the genes that a training of {@code genotype} reads: a change there shows. */
        BitSet read(Genotype<DoubleGene> genotype);

        /** Whether unit values {@code u} and {@code v} of {@code gene} mean the same value. */
        boolean same(int gene, double u, double v);
    }

    /**
     * Uniform crossover by part: each part of the ensemble (the shared genes, A's, B's, D's) comes
     * whole from either parent, and the other child takes the rest (never all from one: that would
     * be a copy). A generator's look is made by its genes together (its activation, symmetry,
     * widths, rates), and every genome of a search has the search's seed, so a generator taken whole
     * starts from the same weights as in its parent, and two favourites bred together give "this A
     * with that B". Gene by gene, a bred child's generator was hardly closer to the parent that gave
     * most of its genes than two unrelated finds' generators (0.84 of their descriptor distance for
     * A, 0.86 for B, in a discovery run); by part 0.60 and 0.68 (0.56 and 0.80 in another run).
     */
    final class Crossover extends Recombinator<DoubleGene, Vec<double[]>> {
        private final int[] parts;
        private final int count;

        Crossover(double probability, int[] parts) {
            super(probability, 2);
            this.parts = parts.clone();
            this.count = Arrays.stream(parts).max().orElse(-1) + 1;
        }

        @Override
        protected int recombine(MSeq<Phenotype<DoubleGene, Vec<double[]>>> population, int[] individuals,
                long generation) {
            Genotype<DoubleGene> g1 = population.get(individuals[0]).genotype();
            Genotype<DoubleGene> g2 = population.get(individuals[1]).genotype();
            RandomGenerator random = io.jenetics.util.RandomRegistry.random();
            // Which parts the children swap: any choice but none or all, which would copy the parents.
            int swaps = count < 2 ? 0 : 1 + random.nextInt((1 << count) - 2);
            List<DoubleGene> c1 = new ArrayList<>();
            List<DoubleGene> c2 = new ArrayList<>();
            int swapped = 0;
            for (int i = 0; i < g1.chromosome().length(); i++) {
                boolean swapHere = (swaps >> parts[i] & 1) == 1;
                c1.add((swapHere ? g2 : g1).chromosome().get(i));
                c2.add((swapHere ? g1 : g2).chromosome().get(i));
                swapped += swapHere ? 1 : 0;
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
     * variable gene mutates with probability {@code genesPerOffspring / variable genes}, and one gene
     * that the training reads always does, so that no offspring trains like its original. A mutated
     * gene always takes another value: a draw that decodes to the same option, integer or rounded
     * real is drawn again (a quarter-range step leaves an option gene of three in its bucket about
     * half the time), and after {@value #GAUSSIAN_TRIES} such draws one uniform over the unit range.
     * Before, 9% of the cpu search's mutants decoded to their original's genome, and some more
     * differed only in genes the training does not read. (Jenetics' own Mutator spreads its
     * probability over individual, chromosome and gene, which with our one chromosome leaves most
     * offspring untouched.)
     */
    final class Mutator extends GaussianMutator<DoubleGene, Vec<double[]>> {
        static final int GAUSSIAN_TRIES = 16;
        private static final int UNIFORM_TRIES = 256;
        private final double genesPerOffspring;
        private final Genes genes;

        Mutator(double genesPerOffspring, Genes genes) {
            super(0.5);
            this.genesPerOffspring = genesPerOffspring;
            this.genes = genes;
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
                BitSet variable = genes.variable(g);
                BitSet read = genes.read(g);
                BitSet forcedFrom = read.isEmpty() ? variable : read;
                int forced = forcedFrom.isEmpty() ? -1
                        : forcedFrom.stream().skip(random.nextInt(forcedFrom.cardinality())).findFirst().getAsInt();
                double q = Math.min(1, genesPerOffspring / Math.max(1, variable.cardinality()));
                List<DoubleGene> mutated = new ArrayList<>(length);
                for (int i = 0; i < length; i++) {
                    DoubleGene gene = g.chromosome().get(i);
                    if (i == forced || (variable.get(i) && random.nextDouble() < q)) {
                        gene = another(i, gene, random);
                        mutations++;
                    }
                    mutated.add(gene);
                }
                Genotype<DoubleGene> mutant = Genotype.of(DoubleChromosome.of(mutated));
                parents.put(mutant, asParent(g));
                out.add(Phenotype.of(mutant, generation));
            }
            return new io.jenetics.AltererResult<>(io.jenetics.util.ISeq.of(out), mutations);
        }

        /** A mutation of {@code gene} (the {@code i}th) that decodes to another value, if one exists. */
        private DoubleGene another(int i, DoubleGene gene, RandomGenerator random) {
            double u = gene.doubleValue();
            for (int t = 0; t < GAUSSIAN_TRIES; t++) {
                DoubleGene next = mutate(gene, random);
                if (!genes.same(i, u, next.doubleValue())) {
                    return next;
                }
            }
            for (int t = 0; t < UNIFORM_TRIES; t++) {
                DoubleGene next = DoubleGene.of(random.nextDouble(), 0, 1);
                if (!genes.same(i, u, next.doubleValue())) {
                    return next;
                }
            }
            return gene;
        }
    }
}
