package io.equilibria.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Trains one genome for a budget of steps or seconds, taking telemetry, sampling the fixed probes
 * and ending early (never by exception) when the dynamics turn non-finite.
 *
 * <p>Same genome, seed and step budget on CPU give a bit-identical trace; a training resumed from
 * a {@link Checkpoint} continues exactly as an uninterrupted one. Close the trainer to release its
 * native memory.
 */
public final class Trainer implements AutoCloseable {
    private final Ensemble ensemble;
    private final Genome genome;
    private final RunConfig run;
    private final Device device;
    private final Schedule schedule;
    private final List<Telemetry> trace = new ArrayList<>();
    private long step;
    private double secondsBefore;
    private long startedNanos = -1;
    private ProbeImages lastProbe;

    /**
     * Builds the ensemble of {@code genome} on {@code device}, initialised from its seed, ready to
     * train {@code run}'s budget. Close it: its native memory is freed then.
     *
     * @throws ai.djl.engine.EngineException when the engine or the device is unusable
     */
    public Trainer(Genome genome, RunConfig run, Device device) {
        this(genome, run, device, 1.0);
    }

    /** A trainer whose learning rates are all multiplied by {@code learningRateScale} (tests). */
    Trainer(Genome genome, RunConfig run, Device device, double learningRateScale) {
        this.genome = genome;
        this.run = run;
        this.device = device;
        this.schedule = new Schedule(genome, run.resolution());
        this.ensemble = new Ensemble(genome, run.resolution(), device, learningRateScale);
    }

    /**
     * Continues the training saved in {@code directory}.
     *
     * @param budget the run configuration to continue with (its budget may differ from the saved
     *     one; its resolution may not), or null to keep the saved one
     * @throws IOException when the checkpoint is missing or unreadable
     */
    public static Trainer resume(Path directory, Device device, RunConfig budget) throws IOException {
        Checkpoint.Meta meta = Checkpoint.readMeta(directory);
        RunConfig run = budget == null ? meta.run() : budget;
        if (run.resolution() != meta.run().resolution()) {
            throw new IllegalArgumentException("cannot resume a " + meta.run().resolution()
                    + "px training at " + run.resolution() + "px");
        }
        Trainer trainer = new Trainer(meta.genome(), run, device);
        try {
            Checkpoint.restore(directory, meta, trainer);
        } catch (IOException | RuntimeException e) {
            trainer.close();
            throw e;
        }
        return trainer;
    }

    /** The run configuration saved with the checkpoint in {@code directory}. */
    public static RunConfig savedRun(Path directory) throws IOException {
        return Checkpoint.readMeta(directory).run();
    }

    /** The genome trained. */
    public Genome genome() {
        return genome;
    }

    /** The run settings trained with. */
    public RunConfig run() {
        return run;
    }

    /** The device the networks live on. */
    public Device device() {
        return device;
    }

    /** Steps completed so far. */
    public long step() {
        return step;
    }

    /** The telemetry rows so far, oldest first (a copy). */
    public List<Telemetry> trace() {
        return List.copyOf(trace);
    }

    /** Trainable scalars of A, B and D. */
    public long parameterCount() {
        return ensemble.a.params.count() + ensemble.b.params.count() + ensemble.d.params.count();
    }

    /**
     * Trains until the budget is spent, {@code stop} answers true (checked between steps), or the
     * dynamics turn non-finite.
     */
    public TrainingResult train(TrainingListener listener, BooleanSupplier stop) {
        startedNanos = System.nanoTime();
        Outcome outcome = Outcome.COMPLETED;
        String reason = "budget spent";
        while (true) {
            double seconds = seconds();
            if (run.budget().spent(step, seconds)) {
                break;
            }
            if (stop.getAsBoolean()) {
                outcome = Outcome.STOPPED;
                reason = "stopped at step " + step;
                break;
            }
            Phase phase = schedule.at(progress(seconds));
            StepStats stats = ensemble.step(step, phase);
            step++;
            String nonFinite = stats.firstNonFinite();
            boolean telemetryDue = step % run.telemetryEvery() == 0;
            if (telemetryDue || nonFinite != null) {
                recordTelemetry(stats, phase, seconds(), nonFinite != null);
                listener.onTelemetry(trace.getLast());
            }
            listener.onStep(step, stats, phase);
            if (nonFinite != null) {
                outcome = Outcome.NON_FINITE;
                reason = "non-finite " + nonFinite + " at step " + step;
                break;
            }
            if (run.sampleEvery() > 0 && step % run.sampleEvery() == 0) {
                // The telemetry row of this step has just taken the same probes.
                listener.onSample(step, telemetryDue ? lastProbe : probe());
            }
        }
        secondsBefore = seconds();
        startedNanos = -1;
        ProbeImages samples = probe();
        float[][][] embeddings = probeEmbeddings();
        return new TrainingResult(genome, run, outcome, reason, step, secondsBefore, trace, samples,
                embeddings[0], embeddings[1], Provenance.of(device));
    }

    /** One step outside {@link #train}, at the current phase, without telemetry (for benchmarks). */
    public StepStats trainStep() {
        StepStats stats = ensemble.step(step, currentPhase());
        step++;
        return stats;
    }

    /** What the last training step asked of libtorch (see {@link StepCalls}); null before the first. */
    public StepCalls lastStepCalls() {
        return ensemble.lastStepCalls();
    }

    private double progress(double seconds) {
        return run.budget().fraction(step, seconds);
    }

    /** The phase the next step trains in. */
    Phase currentPhase() {
        return schedule.at(progress(seconds()));
    }

    /** Wall-clock training seconds, across resumes, including the current {@link #train} call. */
    public double seconds() {
        return secondsBefore + (startedNanos < 0 ? 0 : (System.nanoTime() - startedNanos) / 1e9);
    }

    private void recordTelemetry(StepStats stats, Phase phase, double seconds, boolean nonFinite) {
        ProbeImages now = probe();
        float[] drift = lastProbe == null ? new float[] {Float.NaN, Float.NaN} : now.meanAbsDifference(lastProbe);
        lastProbe = now;
        trace.add(new Telemetry(step, seconds, phase.resolution(), phase.alphaD(), stats, drift[0], drift[1], nonFinite));
    }

    /**
     * The outputs of A and B for the fixed probe latents and fixed noise at the current phase,
     * upsampled (nearest) to the run's resolution.
     */
    public ProbeImages probe() {
        GradMode.off();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray[] images = probeArrays();
            return new ProbeImages(run.probes(), run.resolution(), images[0].toFloatArray(), images[1].toFloatArray());
        }
    }

    /**
     * A's and B's images for {@code n} given latents ({@code n · zDim} values, row after row) at the
     * current phase, upsampled (nearest) to the run's resolution. Every image gets the same fixed
     * noise, so images differ only by their latents: the frames of a video do not flicker.
     */
    public ProbeImages render(float[] latents, int n) {
        if (latents.length != n * genome.zDim()) {
            throw new IllegalArgumentException(n + " latents of " + genome.zDim() + " values expected, got "
                    + latents.length + " values");
        }
        GradMode.off();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Phase phase = currentPhase();
            NDArray z = ensemble.manager().create(latents, new ai.djl.ndarray.types.Shape(n, genome.zDim()));
            Generator[] gens = {ensemble.a, ensemble.b};
            float[] alphas = {phase.alphaA(), phase.alphaB()};
            float[][] pixels = new float[2][];
            for (int i = 0; i < 2; i++) {
                NDArray x = ensemble.generate(gens[i], z, phase, alphas[i],
                        Noise.of(genome.seed(), Rng.PROBE_NOISE).shared());
                while (x.getShape().get(2) < run.resolution()) {
                    x = Layers.upsample(x, io.equilibria.config.Upsampling.NEAREST);
                }
                pixels[i] = x.toFloatArray();
            }
            return new ProbeImages(n, run.resolution(), pixels[0], pixels[1]);
        }
    }

    private NDArray[] probeArrays() {
        Phase phase = currentPhase();
        NDManager manager = ensemble.manager();
        NDArray z = Noise.of(genome.seed(), Rng.PROBE_LATENTS).gaussian(manager, run.probes(), genome.zDim());
        NDArray[] out = new NDArray[2];
        Generator[] gens = {ensemble.a, ensemble.b};
        float[] alphas = {phase.alphaA(), phase.alphaB()};
        for (int i = 0; i < 2; i++) {
            Noise noise = Noise.of(genome.seed(), Rng.PROBE_NOISE);
            NDArray x = ensemble.generate(gens[i], z, phase, alphas[i], noise);
            while (x.getShape().get(2) < run.resolution()) {
                x = Layers.upsample(x, io.equilibria.config.Upsampling.NEAREST);
            }
            out[i] = x;
        }
        return out;
    }

    /** D's embeddings of A's and B's probe images, each batch on its own (no batch mixing). */
    private float[][][] probeEmbeddings() {
        GradMode.off();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Phase phase = currentPhase();
            NDArray[] images = probeArrays();
            float[][][] result = new float[2][][];
            for (int i = 0; i < 2; i++) {
                NDArray x = Layers.downsampleTo(images[i], phase.resolution());
                NDArray e = ensemble.d.forward(x, phase.level(), phase.alphaD(), 1).embedding();
                int dim = (int) e.getShape().get(1);
                float[] flat = e.toFloatArray();
                result[i] = new float[run.probes()][];
                for (int p = 0; p < run.probes(); p++) {
                    result[i][p] = java.util.Arrays.copyOfRange(flat, p * dim, (p + 1) * dim);
                }
            }
            return result;
        }
    }

    /** Writes a checkpoint of all three networks, their optimisers, the step and the trace. */
    public void saveCheckpoint(Path directory) throws IOException {
        Checkpoint.save(directory, this);
    }

    /**
     * Analytic floating-point operations of one training step at full resolution: D's step (two
     * generator forwards of D's batch, D forward and backward on both halves) plus the generators'
     * step (both generators forward and backward, D forward and input-gradient backward). A
     * backward pass is counted as twice its forward (weights and inputs), D's frozen backward as
     * once.
     */
    public double flopsPerStep() {
        int level = ensemble.a.maxLevel;
        double ga = ensemble.a.flopsPerSample(level);
        double gb = ensemble.b.flopsPerSample(level);
        double dd = ensemble.d.flopsPerSample(level);
        int nd = genome.d().batchSize();
        int n = genome.batchSize();
        double dStep = nd * (ga + gb) + 3 * (2.0 * nd) * dd;
        double gStep = 3 * n * (ga + gb) + 2 * (2.0 * n) * dd;
        return dStep + gStep;
    }

    Ensemble ensemble() {
        return ensemble;
    }

    ProbeImages lastProbe() {
        return lastProbe;
    }

    void restoreState(long savedStep, double savedSeconds, List<Telemetry> savedTrace, ProbeImages savedProbe) {
        this.step = savedStep;
        this.secondsBefore = savedSeconds;
        this.trace.clear();
        this.trace.addAll(savedTrace);
        this.lastProbe = savedProbe;
    }

    /**
     * Frees the ensemble's native memory. On a GPU also hands the CUDA caching allocator's blocks
     * back to the device, so that the next individual (another genome, other shapes) and other
     * workers sharing the card see its memory free.
     */
    @Override
    public void close() {
        ensemble.close();
        if (device.isGpu()) {
            ai.djl.pytorch.jni.JniUtils.emptyCudaCache();
        }
    }
}
