package io.equilibria.fitness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one standardisation: sample deviation for novelty, population deviation for clustering. */
class StandardiserTest {
    private static final List<double[]> ROWS = List.of(new double[] {1, 5, Double.NaN}, new double[] {3, 5, 2},
            new double[] {5, 5, 4});

    @Test
    void populationDeviationAsScikitLearnsStandardScaler() {
        Standardiser s = Standardiser.fit(ROWS, 3, Standardiser.Deviation.POPULATION, 1e-12);
        // column 0: mean 3, deviation sqrt(8/3); column 1 has no spread: centred only; NaN: the mean
        assertArrayEquals(new double[] {-2 / Math.sqrt(8 / 3.0), 0, 0}, s.apply(ROWS.get(0)), 1e-12);
        assertArrayEquals(new double[] {2 / Math.sqrt(8 / 3.0), 0, 1}, s.apply(ROWS.get(2)), 1e-12);
    }

    @Test
    void sampleDeviationNeedsTwoRows() {
        Standardiser s = Standardiser.fit(ROWS.subList(1, 3), 3, Standardiser.Deviation.SAMPLE, 1e-9);
        assertArrayEquals(new double[] {-1 / Math.sqrt(2), 0, -1 / Math.sqrt(2)}, s.apply(ROWS.get(1)), 1e-12);
        Standardiser one = Standardiser.fit(ROWS.subList(1, 2), 3, Standardiser.Deviation.SAMPLE, 1e-9);
        assertArrayEquals(new double[] {3, 5, 2}, one.apply(ROWS.get(1)), 0, "one row: nothing to standardise by");
    }
}
