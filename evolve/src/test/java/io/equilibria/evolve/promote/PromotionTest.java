package io.equilibria.evolve.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.equilibria.archive.Entry;
import io.equilibria.config.Budget;
import io.equilibria.config.ConfigException;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a promotion trains: its budget, resolution and checkpoint intervals, from an entry and a request. */
class PromotionTest {
    private static final RunConfig SEARCHED = Preset.TINY.run().withSteps(150);

    private static Entry entry(RunConfig run) {
        return Entry.pending(Preset.TINY.genome(), run, "r", List.of(), 0);
    }

    @Test
    void withoutABudgetAPromotionTrainsTheSearchsBudgetTimesTheFactorWithTenCheckpoints() {
        RunConfig run = Promotion.runOf(entry(SEARCHED), new Promotion.Request(null, null, null));
        assertEquals(new Budget.Steps(150 * Promotion.BUDGET_FACTOR), run.budget());
        assertEquals(150 * Promotion.BUDGET_FACTOR / Promotion.CHECKPOINTS, run.sampleEvery());
        assertEquals(SEARCHED.resolution(), run.resolution());
        RunConfig timed = Promotion.runOf(entry(SEARCHED.withSeconds(30)), new Promotion.Request(null, null, null));
        assertEquals(new Budget.Seconds(30.0 * Promotion.BUDGET_FACTOR), timed.budget());
    }

    @Test
    void aRequestedBudgetAndResolutionReplaceTheSearchs() {
        RunConfig steps = Promotion.runOf(entry(SEARCHED), new Promotion.Request(1000, null, 64));
        assertEquals(new Budget.Steps(1000), steps.budget());
        assertEquals(64, steps.resolution());
        assertEquals(100, steps.sampleEvery());
        assertEquals(Math.min(SEARCHED.telemetryEvery(), 100), steps.telemetryEvery());
        RunConfig seconds = Promotion.runOf(entry(SEARCHED), new Promotion.Request(null, 90.0, null));
        assertEquals(new Budget.Seconds(90.0), seconds.budget());
    }

    @Test
    void aRequestNoEntryCouldBeTrainedWithIsRefusedNamingTheOption() {
        assertEquals("--resolution", assertThrows(ConfigException.class,
                () -> Promotion.runOf(entry(SEARCHED), new Promotion.Request(null, null, 48))).field());
        assertEquals("--steps", assertThrows(ConfigException.class,
                () -> Promotion.runOf(entry(SEARCHED), new Promotion.Request(0, null, null))).field());
        assertEquals("--seconds", assertThrows(ConfigException.class,
                () -> Promotion.runOf(entry(SEARCHED), new Promotion.Request(null, -1.0, null))).field());
    }

    @Test
    void aPromotionWorksBesideTheArchiveInAFolderOfItsOwn() {
        assertEquals(Path.of("/data/finds.db.work/promote-abc").toAbsolutePath(),
                Promotion.workDir(Path.of("/data/finds.db"), "abc"));
    }
}
