package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.equilibria.config.GeneratorGenome;
import io.equilibria.config.Genome;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private static final RunConfig TEN_STEPS = Preset.TINY.run().withSteps(10).withIntervals(2, 0);

    private static TrainingResult train(RunConfig run) {
        try (Trainer t = new Trainer(Genomes.tiny(), run, Device.cpu())) {
            return t.train(TrainingListener.NONE, () -> false);
        }
    }

    @Test
    void sameGenomeAndSeedGiveABitIdenticalTrace() {
        TrainingResult first = train(TEN_STEPS);
        TrainingResult second = train(TEN_STEPS);
        assertEquals(Outcome.COMPLETED, first.outcome());
        assertEquals(5, first.trace().size());
        assertEquals(stripTime(first.trace()), stripTime(second.trace()));
        assertArrayEquals(first.samples().a(), second.samples().a());
        assertArrayEquals(first.samples().b(), second.samples().b());
        assertArrayEquals(first.embeddingsA()[0], second.embeddingsA()[0]);
    }

    /**
     * A longer, wider run than the tiny one above, repeated: arrays made from Java memory once
     * aliased buffers that the GC recycles, and runs diverged after tens of steps.
     */
    @Test
    void repeatedCpuSizedRunsAreBitIdentical() {
        RunConfig run = new RunConfig(16, 30, 0, 5, 0, 4);
        TrainingResult first;
        try (Trainer t = new Trainer(Preset.CPU.genome(), run, Device.cpu())) {
            first = t.train(TrainingListener.NONE, () -> false);
        }
        for (int i = 0; i < 2; i++) {
            try (Trainer t = new Trainer(Preset.CPU.genome(), run, Device.cpu())) {
                TrainingResult again = t.train(TrainingListener.NONE, () -> false);
                assertEquals(stripTime(first.trace()), stripTime(again.trace()), "repeat " + i);
                assertArrayEquals(first.samples().a(), again.samples().a());
            }
        }
    }

    /**
     * libtorch's grad mode is per thread and DJL switches it off only where the engine loaded: a
     * training on any other thread (a worker's pool, a Hazelcast executor) once recorded graphs for
     * D's batch, and D's backward added into A's and B's gradients. The same individual must give
     * the same trace and pictures on a fresh thread with grad mode on, and after another genome
     * trained in the same JVM.
     */
    @Test
    void aTrainingIsBitIdenticalOnAnyThreadAndAfterOtherTrainings() throws Exception {
        RunConfig run = Preset.TINY.run().withSteps(12).withIntervals(3, 0);
        TrainingResult here = train(run);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            TrainingResult fresh = pool.submit(() -> {
                ai.djl.pytorch.jni.JniUtils.setGradMode(true); // as a new thread of libtorch has it
                return train(run);
            }).get();
            TrainingResult afterAnother = pool.submit(() -> {
                try (Trainer t = new Trainer(Genomes.progressive(), run, Device.cpu())) {
                    t.train(TrainingListener.NONE, () -> false);
                }
                ai.djl.pytorch.jni.JniUtils.setGradMode(true);
                return train(run);
            }).get();
            for (TrainingResult other : List.of(fresh, afterAnother)) {
                assertEquals(stripTime(here.trace()), stripTime(other.trace()));
                assertArrayEquals(here.samples().a(), other.samples().a());
                assertArrayEquals(here.samples().b(), other.samples().b());
                assertArrayEquals(here.embeddingsB()[1], other.embeddingsB()[1]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Telemetry without its wall-clock seconds, the one field that may differ. */
    static List<Telemetry> stripTime(List<Telemetry> trace) {
        return trace.stream().map(r -> new Telemetry(r.step(), 0, r.resolution(), r.alpha(), r.stats(), r.driftA(),
                r.driftB(), r.nonFinite())).toList();
    }

    /**
     * What {@link Genome#unreadAt} names is not read: genomes that differ only there train
     * bit-identically (the search relies on it to spend no mutation on them alone), while the
     * same change where a generator grows gives another trace.
     */
    @Test
    void genesATrainingDoesNotReadChangeNothing() {
        RunConfig run = new RunConfig(16, 8, 0, 2, 0, 4);
        Genome grows = Genomes.progressive(); // both progressive, from 8 to 16
        Genome still = atStart(grows, 16, grows.a().withProgressive(true, 0.5), grows.b().withProgressive(false, 0.5));
        Genome stillOtherwise = atStart(grows, 16, grows.a().withProgressive(false, 0.9),
                grows.b().withProgressive(true, 0.2));
        Genome flat = atStart(grows, 8, grows.a().withProgressive(false, 0.5), grows.b().withProgressive(false, 0.5));
        Genome flatOtherwise = atStart(grows, 16, grows.a().withProgressive(false, 0.1),
                grows.b().withProgressive(false, 0.7));
        assertEquals(java.util.Set.of("a.fadeFraction", "a.progressive", "b.fadeFraction", "b.progressive"),
                still.unreadAt(16));
        assertEquals(java.util.Set.of("a.fadeFraction", "b.fadeFraction", "startResolution"), flat.unreadAt(16));
        assertEquals(java.util.Set.of(), grows.unreadAt(16));
        assertSameTraining(trainGenome(still, run), trainGenome(stillOtherwise, run));
        assertSameTraining(trainGenome(flat, run), trainGenome(flatOtherwise, run));
        Genome growsOtherwise = grows.withGenerators(grows.a().withProgressive(true, 0.1), grows.b());
        assertTrue(!stripTime(trainGenome(grows, run).trace()).equals(stripTime(trainGenome(growsOtherwise, run)
                .trace())), "a fade fraction that is read changes the training");
    }

    private static Genome atStart(Genome g, int startResolution, GeneratorGenome a, GeneratorGenome b) {
        return new Genome(g.seed(), g.zDim(), g.batchSize(), a, b, g.d(), startResolution);
    }

    private static TrainingResult trainGenome(Genome genome, RunConfig run) {
        try (Trainer t = new Trainer(genome, run, Device.cpu())) {
            return t.train(TrainingListener.NONE, () -> false);
        }
    }

    private static void assertSameTraining(TrainingResult first, TrainingResult second) {
        assertEquals(Outcome.COMPLETED, first.outcome());
        assertEquals(stripTime(first.trace()), stripTime(second.trace()));
        assertArrayEquals(first.samples().a(), second.samples().a());
        assertArrayEquals(first.samples().b(), second.samples().b());
    }

    @Test
    void anotherSeedGivesAnotherTrace() {
        TrainingResult first = train(TEN_STEPS);
        try (Trainer t = new Trainer(Genomes.tiny().withSeed(2), TEN_STEPS, Device.cpu())) {
            TrainingResult other = t.train(TrainingListener.NONE, () -> false);
            assertTrue(!stripTime(first.trace()).equals(stripTime(other.trace())));
        }
    }

    @Test
    void anAbsurdLearningRateEndsAsNonFiniteWithoutAnException() {
        try (Trainer t = new Trainer(Genomes.tiny(), Preset.TINY.run().withSteps(200).withIntervals(50, 0),
                Device.cpu(), 1e9)) {
            TrainingResult r = t.train(TrainingListener.NONE, () -> false);
            assertEquals(Outcome.NON_FINITE, r.outcome());
            assertTrue(r.reason().startsWith("non-finite "), r.reason());
            assertTrue(r.steps() < 200, "ended early at " + r.steps());
            Telemetry last = r.trace().getLast();
            assertTrue(last.nonFinite());
            assertEquals(r.steps(), last.step());
        }
    }

    @Test
    void aBudgetInSecondsStopsInTime() {
        // A budget of several first steps even on a loaded machine (the first step of a process
        // loads the engine's kernels): the checks below need two rows.
        train(Preset.TINY.run().withSteps(2).withIntervals(1, 0));
        TrainingResult r = train(Preset.TINY.run().withSeconds(3).withIntervals(1, 0));
        assertEquals(Outcome.COMPLETED, r.outcome());
        assertTrue(r.steps() > 1);
        assertTrue(r.seconds() >= 3, "it used its budget: " + r.seconds() + " s");
        // In time: the step that crossed the budget was the last; no step started after it.
        var rows = r.trace();
        assertEquals(r.steps(), rows.getLast().step());
        assertTrue(rows.get(rows.size() - 2).seconds() < 3, "a step began after the budget had run out: "
                + rows.get(rows.size() - 2));
    }

    @Test
    void progressiveGrowingWalksThroughTheResolutionsWithFadeIn() {
        RunConfig run = new RunConfig(32, 30, 0, 1, 0, 4);
        try (Trainer t = new Trainer(Genomes.progressive(), run, Device.cpu())) {
            TrainingResult r = t.train(TrainingListener.NONE, () -> false);
            List<Integer> resolutions = r.trace().stream().map(Telemetry::resolution).distinct().toList();
            assertEquals(List.of(8, 16, 32), resolutions);
            // Fade-in: alpha rises from below 1 to 1 within the 16px phase.
            List<Float> alphas16 = r.trace().stream().filter(x -> x.resolution() == 16).map(Telemetry::alpha).toList();
            assertTrue(alphas16.getFirst() < 1f && alphas16.getLast() == 1f, alphas16.toString());
            assertEquals(32, r.samples().resolution());
        }
    }

    @Test
    void stopRequestEndsTheTrainingBetweenSteps() {
        try (Trainer t = new Trainer(Genomes.tiny(), TEN_STEPS, Device.cpu())) {
            TrainingResult r = t.train(TrainingListener.NONE, () -> t.step() >= 3);
            assertEquals(Outcome.STOPPED, r.outcome());
            assertEquals(3, r.steps());
        }
    }

    @Test
    void listenerHearsStepsTelemetryAndSamples() {
        int[] counts = new int[3];
        try (Trainer t = new Trainer(Genomes.tiny(), TEN_STEPS.withIntervals(2, 5), Device.cpu())) {
            t.train(new TrainingListener() {
                @Override
                public void onStep(long step, StepStats stats, Phase phase) {
                    counts[0]++;
                }

                @Override
                public void onTelemetry(Telemetry row) {
                    counts[1]++;
                }

                @Override
                public void onSample(long step, ProbeImages samples) {
                    counts[2]++;
                }
            }, () -> false);
        }
        assertArrayEquals(new int[] {10, 5, 2}, counts);
    }
}
