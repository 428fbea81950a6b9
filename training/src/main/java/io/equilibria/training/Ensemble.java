package io.equilibria.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Activation;
import io.equilibria.config.ColourForm;
import io.equilibria.config.ColourMeasure;
import io.equilibria.config.DiscriminatorMode;
import io.equilibria.config.EmbeddingDistance;
import io.equilibria.config.GeneratorGenome;
import io.equilibria.config.Genome;

/**
 * The Series-1 ensemble: generators A and B, discriminator D, their optimisers, and the losses.
 * No data set: D learns to tell A from B, and the generators learn from D and from each other.
 *
 * <p>One {@link #step} is one D update on detached samples, then one joint update of A and B on
 * fresh samples. A and B always receive the same z, so sample i of A and sample i of B are a pair.
 * All of a step's arrays are released when it returns.
 */
final class Ensemble implements AutoCloseable {
    private final Genome genome;
    private final int resolution;
    private final NDManager manager;
    private final Engine engine;
    final Generator a;
    final Generator b;
    final Discriminator d;
    final Adam adamA;
    final Adam adamB;
    final Adam adamD;
    private StepCalls lastStepCalls;

    Ensemble(Genome genome, int resolution, Device device) {
        this(genome, resolution, device, 1.0);
    }

    /**
     * @param learningRateScale multiplies every learning rate of the genome; tests use absurd
     *     scales to drive the dynamics non-finite, which the genome's own ranges forbid
     */
    Ensemble(Genome genome, int resolution, Device device, double learningRateScale) {
        this.genome = genome;
        this.resolution = resolution;
        this.engine = Engine.getEngine("PyTorch");
        this.manager = engine.newBaseManager(device);
        this.a = new Generator(manager, genome.a(), genome.zDim(), resolution, Rng.of(genome.seed(), Rng.WEIGHTS, 0));
        this.b = new Generator(manager, genome.b(), genome.zDim(), resolution, Rng.of(genome.seed(), Rng.WEIGHTS, 1));
        this.d = new Discriminator(manager, genome.d(), resolution, Rng.of(genome.seed(), Rng.WEIGHTS, 2));
        this.adamA = new Adam(a.params, manager, genome.a().learningRate() * learningRateScale);
        this.adamB = new Adam(b.params, manager, genome.b().learningRate() * learningRateScale);
        this.adamD = new Adam(d.params, manager, genome.d().learningRate() * learningRateScale);
    }

    /** What the last {@link #step} asked of libtorch; null before the first. */
    StepCalls lastStepCalls() {
        return lastStepCalls;
    }

    Genome genome() {
        return genome;
    }

    int resolution() {
        return resolution;
    }

    NDManager manager() {
        return manager;
    }

    /**
     * One training step. Returns what it measured; when any loss or gradient norm is not finite,
     * the generators are not updated (the weights stay finite) and the caller ends the training.
     */
    StepStats step(long step, Phase phase) {
        long[] before = NativeCalls.now();
        GradMode.off();
        try (NDScope scope = new NDScope()) {
            NDArray[] dStats = discriminatorStep(step, phase);
            GeneratorStep g = generatorStep(step, phase);
            NDArray[] gStats = g.stats();
            NativeCalls.read();
            float[] v = NDArrays.stack(new NDList(
                    dStats[0], gStats[0], gStats[1], gStats[2], gStats[3], gStats[4], gStats[5],
                    gStats[6], gStats[7], dStats[1], dStats[2], dStats[3], gStats[8], gStats[9], gStats[10],
                    gStats[11], gStats[12]))
                    .toFloatArray();
            StepStats stats = StepStats.of(v);
            if (stats.firstNonFinite() == null) {
                adamA.step(g.gradientA());
                adamB.step(g.gradientB());
            } else {
                a.params.zeroGradients();
                b.params.zeroGradients();
            }
            lastStepCalls = NativeCalls.since(before, scope);
            return stats;
        }
    }

    /**
     * The images D trains on at {@code step}: D's batch of A's images, then B's, from the same z.
     * Detached explicitly: whether libtorch records a graph outside a {@link Backward} block
     * depends on the thread's grad mode, and a recorded graph would let D's backward add into A's
     * and B's gradients.
     */
    NDArray discriminatorBatch(long step, Phase phase) {
        Noise rng = Noise.of(genome.seed(), Rng.STEP, step, 0);
        NDArray z = rng.gaussian(manager, genome.d().batchSize(), genome.zDim());
        return Layers.concat(generate(a, z, phase, phase.alphaA(), rng), generate(b, z, phase, phase.alphaB(), rng), 0)
                .stopGradient();
    }

    /** D's update. Returns [loss, gradient norm, mean sign on A, mean sign on B]. */
    NDArray[] discriminatorStep(long step, Phase phase) {
        int n = genome.d().batchSize();
        NDArray images = discriminatorBatch(step, phase);
        // Diametric mode trains D with both opposed losses on alternate steps, i.e. different batches.
        boolean flipped = genome.d().mode() == DiscriminatorMode.DIAMETRIC && step % 2 == 1;
        float labelA = flipped ? 0f : 1f;
        NDArray loss;
        NDArray logits;
        try (Backward recording = Backward.record()) {
            logits = d.forward(images, phase.level(), phase.alphaD(), 2).logit();
            loss = Layers.scale(bce(logits.get("0:" + n), labelA).add(bce(logits.get(n + ":"), 1f - labelA)), 0.5f);
            recording.backward(loss);
        }
        NDArray gradient = d.params.gradient();
        NDArray gradNorm = gradient.norm();
        // The one read before D's update: a non-finite step must not reach D's weights.
        NativeCalls.read();
        float[] check = NDArrays.stack(new NDList(loss, gradNorm)).toFloatArray();
        if (Float.isFinite(check[0]) && Float.isFinite(check[1])) {
            adamD.step(gradient);
        } else {
            d.params.zeroGradients();
        }
        NDArray signs = logits.stopGradient().sign();
        return new NDArray[] {loss, gradNorm, signs.get("0:" + n).mean(), signs.get(n + ":").mean()};
    }

    /** The generators' loss terms of one batch, and what they measured on the way. */
    record GeneratorTerms(NDArray aClass, NDArray aEmbed, NDArray aColour, NDArray bClass, NDArray bEmbed,
            NDArray bColour, NDArray varianceA, NDArray varianceB, NDArray embeddingsA, NDArray embeddingsB,
            NDArray rmsA, NDArray rmsB) {

        /** A's weighted total: only A's parameters receive its gradient. */
        NDArray aTotal(GeneratorGenome g) {
            return weighted(g, aClass, aEmbed, aColour);
        }

        /** B's weighted total: only B's parameters receive its gradient. */
        NDArray bTotal(GeneratorGenome g) {
            return weighted(g, bClass, bEmbed, bColour);
        }

        private static NDArray weighted(GeneratorGenome g, NDArray classTerm, NDArray embedTerm, NDArray colourTerm) {
            return Layers.scale(classTerm, (float) g.classWeight())
                    .add(Layers.scale(embedTerm, (float) g.embedWeight()))
                    .add(Layers.scale(colourTerm, (float) g.colourWeight()));
        }
    }

    /**
     * The Series-1 generator losses on a fresh batch (same z into A and B). Call inside a {@link
     * Backward} block with D frozen. Each generator's terms detach the other's outputs, so one
     * backward of the sum gives each generator the gradient of its own terms only.
     *
     * <ul>
     *   <li>class: be recognised as the other, A minimises BCE(D(x_A), 0), B BCE(D(x_B), 1);
     *   <li>embed: mean over pairs of d(e_self[i], e_other[i]), d from the generator's genome;
     *   <li>colour: V(x_other) − V(x_self), or its hinge.
     * </ul>
     */
    GeneratorTerms generatorTerms(long step, Phase phase) {
        int n = genome.batchSize();
        Noise rng = Noise.of(genome.seed(), Rng.STEP, step, 1);
        NDArray z = rng.gaussian(manager, n, genome.zDim());
        NDArray rawA = synthesise(a, z, phase, phase.alphaA(), rng);
        NDArray rawB = synthesise(b, z, phase, phase.alphaB(), rng);
        NDArray xA = generate(a, rawA, phase);
        NDArray xB = generate(b, rawB, phase);
        Discriminator.Output out = d.forward(Layers.concat(xA, xB, 0), phase.level(), phase.alphaD(), 2);
        NDArray eA = out.embedding().get("0:" + n);
        NDArray eB = out.embedding().get(n + ":");
        NDArray varA = colourVariance(xA);
        NDArray varB = colourVariance(xB);
        // Each generator compares colour by its own measure, on both batches alike.
        NDArray measuredAbyA = colourMeasure(genome.a().colourMeasure(), xA, varA);
        NDArray measuredBbyA = colourMeasure(genome.a().colourMeasure(), xB, varB);
        NDArray measuredBbyB = colourMeasure(genome.b().colourMeasure(), xB, varB);
        NDArray measuredAbyB = colourMeasure(genome.b().colourMeasure(), xA, varA);
        return new GeneratorTerms(
                bce(out.logit().get("0:" + n), 0f),
                distance(genome.a().embedDistance(), eA, eB.stopGradient()).mean(),
                colourTerm(genome.a().colourForm(), measuredBbyA.stopGradient(), measuredAbyA),
                bce(out.logit().get(n + ":"), 1f),
                distance(genome.b().embedDistance(), eB, eA.stopGradient()).mean(),
                colourTerm(genome.b().colourForm(), measuredAbyB.stopGradient(), measuredBbyB),
                varA, varB, eA, eB, rms(rawA), rms(rawB));
    }

    /**
     * The generators' joint backward with D frozen (gradients flow through D, none accumulate in
     * it). Returns [A class, embed, colour, B class, embed, colour, grad norm A, grad norm B,
     * variance A, variance B, paired L2 embedding distance, output RMS of A, of B]; the update
     * itself is the caller's, from the gradients it returns beside them.
     */
    private GeneratorStep generatorStep(long step, Phase phase) {
        GeneratorTerms t;
        d.params.freeze(true);
        try (Backward recording = Backward.record()) {
            t = generatorTerms(step, phase);
            recording.backward(t.aTotal(genome.a()).add(t.bTotal(genome.b())));
        } finally {
            d.params.freeze(false);
        }
        NDArray gradientA = a.params.gradient();
        NDArray gradientB = b.params.gradient();
        NDArray pairDistance = distance(EmbeddingDistance.L2, t.embeddingsA().stopGradient(),
                t.embeddingsB().stopGradient()).mean();
        NDArray[] stats = {t.aClass(), t.aEmbed(), t.aColour(), t.bClass(), t.bEmbed(), t.bColour(),
            gradientA.norm(), gradientB.norm(), t.varianceA(), t.varianceB(), pairDistance,
            t.rmsA().stopGradient(), t.rmsB().stopGradient()};
        return new GeneratorStep(stats, gradientA, gradientB);
    }

    /** What the generators' backward measured, and the gradients it accumulated. */
    private record GeneratorStep(NDArray[] stats, NDArray gradientA, NDArray gradientB) {}

    /**
     * A generator's images at the phase's resolution: a progressive generator synthesises at the
     * phase's level, a non-progressive one at full resolution, average-pooled down.
     */
    NDArray generate(Generator g, NDArray z, Phase phase, float alpha, Noise noise) {
        return generate(g, synthesise(g, z, phase, alpha, noise), phase);
    }

    /** The images of already synthesised values (see {@link #synthesise}). */
    NDArray generate(Generator g, NDArray raw, Phase phase) {
        NDArray x = g.output(raw);
        return g.genes.progressive() ? x : Layers.downsampleTo(x, phase.resolution());
    }

    /** A generator's values before its output range, at the phase's level (progressive) or in full. */
    NDArray synthesise(Generator g, NDArray z, Phase phase, float alpha, Noise noise) {
        return g.genes.progressive() ? g.synthesise(z, phase.level(), alpha, noise)
                : g.synthesise(z, g.maxLevel, 1f, noise);
    }

    /** Mean binary cross-entropy of logits against a constant label: softplus(l) − y·l. */
    static NDArray bce(NDArray logits, float label) {
        return Activation.softPlus(logits).sub(Layers.scale(logits, label)).mean();
    }

    /**
     * Batch colour variance V(x) of images [N, 3, H, W]: the per-pixel variance across the batch,
     * averaged over pixels, summed over four channel views: all channels together (the N·3 values
     * of a pixel pooled), then R, G and B.
     */
    static NDArray colourVariance(NDArray x) {
        var s = x.getShape();
        NDArray perChannel = x.sub(x.mean(new int[] {0}, true)).square().mean(new int[] {0}); // [3, H, W]
        NDArray pooled = x.transpose(1, 0, 2, 3).reshape(3 * s.get(0), s.get(2), s.get(3));
        NDArray all = pooled.sub(pooled.mean(new int[] {0}, true)).square().mean();
        return all.add(Layers.mean(perChannel, 1, 2).sum());
    }

    /**
     * The colour variety a generator's measure sees in batch {@code x} whose raw variance is
     * {@code variance}: the variance itself, or the variance relative to the images' own power
     * (mean square over batch, channels and pixels), divided by 4 so that it lies in [0, 1].
     */
    static NDArray colourMeasure(ColourMeasure measure, NDArray x, NDArray variance) {
        if (measure == ColourMeasure.RAW) {
            return variance;
        }
        NDArray power = Layers.plus(x.square().mean(), 1e-4f);
        return Layers.scale(variance.div(power), 0.25f);
    }

    /**
     * Root mean square of a batch of values before the output range: the magnitude whose runaway
     * telemetry watches (behind tanh it shows as saturation long before the pixels do).
     */
    static NDArray rms(NDArray x) {
        return x.square().mean().sqrt();
    }

    /** What a generator minimises to out-colour the other: V_other − V_self, or its hinge. */
    static NDArray colourTerm(ColourForm form, NDArray varianceOther, NDArray varianceSelf) {
        NDArray gap = varianceOther.sub(varianceSelf);
        return form == ColourForm.HINGE ? Activation.relu(gap) : gap;
    }

    /** Per-pair distances d(e1[i], e2[i]) of embeddings [N, e]; returns [N]. */
    static NDArray distance(EmbeddingDistance kind, NDArray e1, NDArray e2) {
        return switch (kind) {
            case L1 -> e1.sub(e2).abs().sum(new int[] {1});
            case MEAN_L1 -> e1.sub(e2).abs().mean(new int[] {1});
            case L2 -> Layers.plus(e1.sub(e2).square().sum(new int[] {1}), 1e-8f).sqrt();
            case COSINE -> {
                NDArray dot = e1.mul(e2).sum(new int[] {1});
                NDArray norms = Layers.plus(e1.square().sum(new int[] {1}).mul(e2.square().sum(new int[] {1})), 1e-12f).sqrt();
                yield Layers.plus(dot.div(norms).neg(), 1f);
            }
        };
    }

    @Override
    public void close() {
        manager.close();
    }
}
