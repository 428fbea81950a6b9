package io.equilibria.evolve.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.equilibria.evolve.search.Scores.Objectives;
import org.junit.jupiter.api.Test;

/** What NSGA-II compares: stability up to a sufficient health, then novelty. */
class SelectionTest {
    private static int dominance(Objectives a, Objectives b) {
        return Search.selected(a).dominance(Search.selected(b));
    }

    @Test
    void healthyIndividualsTieOnStabilityAndDifferByNoveltyOnly() {
        assertEquals(0, dominance(new Objectives(0.99, 3), new Objectives(0.91, 3)));
        assertEquals(1, dominance(new Objectives(0.92, 4), new Objectives(1.0, 3)));
        assertEquals(-1, dominance(new Objectives(1.0, 2), new Objectives(0.9, 2.5)));
    }

    @Test
    void nearAnEdgeStabilityStillCounts() {
        assertEquals(1, dominance(new Objectives(0.95, 3), new Objectives(0.7, 3)));
        assertEquals(0, dominance(new Objectives(0.95, 3), new Objectives(0.7, 4)));
    }

    @Test
    void everyLivingIndividualDominatesEveryBrokenOne() {
        assertEquals(1, dominance(new Objectives(0.51, 0), new Objectives(0.49, 0)));
        assertEquals(1, dominance(new Objectives(0.51, 0), Objectives.NONE));
    }

    @Test
    void brokenIndividualsAreRankedByHowCloseTheyCame() {
        assertEquals(1, dominance(new Objectives(0.4, 0), new Objectives(0.1, 0)));
    }
}
