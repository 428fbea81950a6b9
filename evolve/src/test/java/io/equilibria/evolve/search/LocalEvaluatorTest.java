package io.equilibria.evolve.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.config.ColourForm;
import io.equilibria.config.Genome;
import io.equilibria.config.Json;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import io.equilibria.fitness.Evaluation;
import io.equilibria.fitness.Verdict;
import io.equilibria.training.Devices;
import io.equilibria.training.Outcome;
import org.junit.jupiter.api.Test;

public class LocalEvaluatorTest {
    @Test
    void anExplodingTrainingIsStoppedEarlyAndJudgedExploded() {
        Genome tiny = Preset.TINY.genome();
        // The unbounded linear colour race at a high learning rate: the classic explosion.
        Genome hot = new Genome(tiny.seed(), tiny.zDim(), tiny.batchSize(),
                tiny.a().withColour(ColourForm.LINEAR).withLearningRate(0.01),
                tiny.b().withColour(ColourForm.LINEAR).withLearningRate(0.01), tiny.d());
        RunConfig run = Preset.TINY.run().withSteps(400).withIntervals(2, 0);
        try (LocalEvaluator evaluator = new LocalEvaluator(Devices.parse("cpu"))) {
            Evaluation r = evaluator.evaluate(hot, run, () -> false);
            assertNotEquals(Outcome.COMPLETED, r.outcome(), "it should not have lived through 400 steps");
            assertTrue(r.summary().steps() < 400, "stopped early at " + r.summary().steps());
            assertEquals(Verdict.EXPLODED.jsonName(), r.stability().verdict(), r.stability().reason());
        }
    }

    @Test
    void anEvaluationCarriesItsCheckpointWhenAskedAndTheArchiveStoresIt(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws java.io.IOException {
        Genome g = Preset.TINY.genome();
        RunConfig run = Preset.TINY.run().withSteps(5);
        Evaluation plain = new LocalEvaluator(Devices.parse("cpu")).evaluate(g, run, () -> false);
        assertEquals(0, plain.checkpoint().length, "no checkpoint unless asked");
        Evaluation kept = new LocalEvaluator(Devices.parse("cpu"), "cpu", true).evaluate(g, run, () -> false);
        assertTrue(kept.checkpoint().length > 0);
        Evaluation crossed = io.equilibria.archive.ArchiveJson.read(Json.bytes(kept), Evaluation.class, "an evaluation"); // as a worker's reply carries it
        try (io.equilibria.archive.store.Archive archive = io.equilibria.archive.store.Archive.open(dir.resolve("k.db"))) {
            io.equilibria.archive.Entry e = archive.write(w -> ResultEntry.store(w, crossed, g, run, "search", 0,
                    java.util.List.of(), null, crossed.stability(), null, crossed.descriptor()));
            assertTrue(e.files().containsKey(io.equilibria.archive.Entry.CHECKPOINT), e.files().toString());
            java.nio.file.Path unpacked = dir.resolve("unpacked");
            archive.unpack(e.files().get(io.equilibria.archive.Entry.CHECKPOINT), unpacked);
            assertTrue(io.equilibria.training.Checkpoint.exists(unpacked), "a checkpoint a render can resume from");
        }
    }
}
