package io.equilibria.evolve.search;

import java.util.random.RandomGenerator;

/**
 * Random unit genotypes drawn in batches that form Latin hypercubes (McKay, Beckman &amp; Conover
 * 1979): within a batch of {@code size}, every gene's values fall one into each of {@code size}
 * equal strata of [0, 1), in a random order. A search's random initial population is one batch, so
 * each option of a categorical gene with at most {@code size} options appears in it, and as often
 * as the others (4 options in 8 individuals: twice each). Drawn independently, a seeded population
 * of 8 once held none of 16 generators without symmetry, and that option never entered the search.
 */
final class LatinHypercube {
    private final int genes;
    private final int size;
    private double[][] batch;
    private int next;

    /**
     * @param genes the genotype's length
     * @param size the points per batch (a search's population)
     */
    LatinHypercube(int genes, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size " + size);
        }
        this.genes = genes;
        this.size = size;
    }

    /** The next point of the current batch; a new batch from {@code random} when it is spent. */
    double[] next(RandomGenerator random) {
        if (batch == null || next == size) {
            batch = draw(random);
            next = 0;
        }
        return batch[next++];
    }

    private double[][] draw(RandomGenerator random) {
        double[][] points = new double[size][genes];
        int[] strata = new int[size];
        for (int g = 0; g < genes; g++) {
            for (int i = 0; i < size; i++) {
                strata[i] = i;
            }
            for (int i = size - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                int t = strata[i];
                strata[i] = strata[j];
                strata[j] = t;
            }
            for (int i = 0; i < size; i++) {
                points[i][g] = Math.min((strata[i] + random.nextDouble()) / size, Math.nextDown(1.0));
            }
        }
        return points;
    }
}
