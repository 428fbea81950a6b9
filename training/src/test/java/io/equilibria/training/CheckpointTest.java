package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.equilibria.config.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    @Test
    void aResumedTrainingContinuesExactlyAsAnUninterruptedOne() throws IOException {
        RunConfig full = new RunConfig(32, 16, 0, 2, 0, 4);
        TrainingResult straight;
        try (Trainer t = new Trainer(Genomes.progressive(), full, Device.cpu())) {
            straight = t.train(TrainingListener.NONE, () -> false);
        }
        try (Trainer t = new Trainer(Genomes.progressive(), full, Device.cpu())) {
            TrainingResult half = t.train(TrainingListener.NONE, () -> t.step() >= 7);
            assertEquals(Outcome.STOPPED, half.outcome());
            t.saveCheckpoint(dir);
        }
        TrainingResult resumed;
        try (Trainer t = Trainer.resume(dir, Device.cpu(), null)) {
            assertEquals(7, t.step());
            resumed = t.train(TrainingListener.NONE, () -> false);
        }
        assertEquals(16, resumed.steps());
        assertEquals(TrainerTest.stripTime(straight.trace()), TrainerTest.stripTime(resumed.trace()));
        assertArrayEquals(straight.samples().a(), resumed.samples().a());
        assertArrayEquals(straight.samples().b(), resumed.samples().b());
    }

    @Test
    void aLongerBudgetExtendsAResumedTraining() throws IOException {
        RunConfig run = new RunConfig(16, 4, 0, 2, 0, 4);
        try (Trainer t = new Trainer(Genomes.tiny(), run, Device.cpu())) {
            t.train(TrainingListener.NONE, () -> false);
            t.saveCheckpoint(dir);
        }
        assertEquals(run, Trainer.savedRun(dir));
        try (Trainer t = Trainer.resume(dir, Device.cpu(), run.withSteps(6))) {
            assertEquals(6, t.train(TrainingListener.NONE, () -> false).steps());
            t.saveCheckpoint(dir);
        }
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "checkpoint.json and one parameter file");
        }
    }

    @Test
    void missingDamagedOrForeignCheckpointsAreRefusedClearly() throws IOException {
        IOException missing = assertThrows(IOException.class, () -> Trainer.resume(dir, Device.cpu(), null));
        assertTrue(missing.getMessage().contains("checkpoint.json"), missing.getMessage());

        Files.writeString(dir.resolve(Checkpoint.META), "{\"format\": 99}");
        IOException format = assertThrows(IOException.class, () -> Trainer.resume(dir, Device.cpu(), null));
        assertTrue(format.getMessage().contains("format 99 is not supported"), format.getMessage());

        RunConfig run = new RunConfig(16, 2, 0, 1, 0, 4);
        try (Trainer t = new Trainer(Genomes.tiny(), run, Device.cpu())) {
            t.train(TrainingListener.NONE, () -> false);
            t.saveCheckpoint(dir);
        }
        IllegalArgumentException res = assertThrows(IllegalArgumentException.class,
                () -> Trainer.resume(dir, Device.cpu(), run.withResolution(32)));
        assertTrue(res.getMessage().contains("cannot resume a 16px training at 32px"));
    }

    @Test
    void restoringArraysOfAnotherShapeIsRefusedNotBroadcast() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu())) {
            Params params = new Params(m);
            params.constant("w", 0f, 1f, null, 2, 3);
            Adam adam = new Adam(params, m, 1e-3);
            ai.djl.ndarray.NDArray row = m.ones(new ai.djl.ndarray.types.Shape(3));
            String message = assertThrows(IllegalArgumentException.class,
                    () -> adam.restore(new ai.djl.ndarray.NDList(row, row), 1)).getMessage();
            assertEquals("optimiser mean 0 has shape (3), expected (2, 3)", message);
            String weights = assertThrows(IllegalArgumentException.class,
                    () -> params.restore(new ai.djl.ndarray.NDList(row))).getMessage();
            assertEquals("checkpoint array w has shape (3), expected (2, 3)", weights);
        }
    }
}
