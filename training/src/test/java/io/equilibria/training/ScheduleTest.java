package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void withoutProgressiveGeneratorsThereIsOnePhaseAtFullResolution() {
        Schedule s = new Schedule(Genomes.tiny(), 16);
        assertEquals(1, s.phases());
        assertEquals(new Phase(2, 1f, 1f, 1f), s.at(0));
        assertEquals(new Phase(2, 1f, 1f, 1f), s.at(1));
    }

    @Test
    void progressiveGrowthSharesTheBudgetAndFadesIn() {
        Schedule s = new Schedule(Genomes.progressive(), 32); // 8, 16, 32: three phases, fade 0.5 of each
        assertEquals(3, s.phases());
        assertEquals(new Phase(1, 1f, 1f, 1f), s.at(0.1));
        Phase fading = s.at(1 / 3.0 + 1 / 12.0); // a quarter into the 16px phase: alpha 0.5
        assertEquals(2, fading.level());
        assertEquals(0.5f, fading.alphaA(), 1e-5);
        assertEquals(0.5f, fading.alphaD(), 1e-5);
        assertEquals(new Phase(2, 1f, 1f, 1f), s.at(0.6));
        assertEquals(new Phase(3, 1f, 1f, 1f), s.at(1.0));
    }
}
