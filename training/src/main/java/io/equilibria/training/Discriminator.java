package io.equilibria.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.equilibria.config.DiscriminatorGenome;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The Series-1 discriminator D. It reads images of either generator and answers with an
 * <em>embedding</em> (used by the generators' embedding term) and a <em>class logit</em> (A vs B).
 *
 * <pre>
 * image R ─ FromRGB (1×1, lrelu) ─ DiscriminatorBlock R ─ … ─ DiscriminatorBlock 8 ─ 4×4
 *        [minibatch-stddev] ─ conv 3×3, lrelu ─ flatten ─ FC → embedding e ─ lrelu ─ FC → logit
 * </pre>
 *
 * A DiscriminatorBlock is [3×3 conv, lrelu, 3×3 conv, lrelu, 2×2 average pool]. While a new
 * resolution fades in, the FromRGB of the resolution below reads the average-pooled image and
 * the two paths are blended with alpha.
 */
final class Discriminator {
    /** Embedding [N, e] and class logit [N] of a batch of images. */
    record Output(NDArray embedding, NDArray logit) {}

    final DiscriminatorGenome genes;
    final int maxLevel;
    final Params params;
    private final List<Conv> fromRgb = new ArrayList<>();
    private final List<Conv[]> blocks = new ArrayList<>(); // index = level; level 0 has none
    private final Conv epilogueConv;
    private final Params.Ref embedWeight;
    private final Params.Ref embedBias;
    private final Params.Ref logitWeight;
    private final Params.Ref logitBias;
    private final int flatFeatures;

    Discriminator(NDManager manager, DiscriminatorGenome genes, int resolution, RandomGenerator rng) {
        this.genes = genes;
        this.maxLevel = Integer.numberOfTrailingZeros(resolution) - 2;
        this.params = new Params(manager);
        for (int level = 0; level <= maxLevel; level++) {
            int r = 4 << level;
            fromRgb.add(new Conv(params, "fromrgb" + r, 3, genes.channelsAt(r), 1, r, rng));
            blocks.add(level == 0 ? null : new Conv[] {
                new Conv(params, "b" + r + ".conv0", genes.channelsAt(r), genes.channelsAt(r), 3, r, rng),
                new Conv(params, "b" + r + ".conv1", genes.channelsAt(r), genes.channelsAt(r / 2), 3, r, rng)
            });
        }
        int c4 = genes.channelsAt(4);
        int in = c4 + (genes.minibatchStddev() ? 1 : 0);
        this.epilogueConv = new Conv(params, "b4.conv", in, c4, 3, 4, rng);
        this.flatFeatures = c4 * 16;
        this.embedWeight = params.normal("b4.embed.weight", rng, 1f, 1f / (float) Math.sqrt(flatFeatures), null,
                genes.embeddingDim(), flatFeatures);
        this.embedBias = params.constant("b4.embed.bias", 0f, 1f, null, genes.embeddingDim());
        this.logitWeight = params.normal("b4.out.weight", rng, 1f, 1f / (float) Math.sqrt(genes.embeddingDim()), null,
                1, genes.embeddingDim());
        this.logitBias = params.constant("b4.out.bias", 0f, 1f, null, 1);
    }

    /**
     * @param images [N, 3, r, r] with r = 4 · 2^level
     * @param alpha weight of the newest resolution's path in [0, 1]
     * @param groups how many independent batches {@code images} concatenates (minibatch-stddev is
     *     computed within each, so that A's half never sees B's statistics)
     */
    Output forward(NDArray images, int level, float alpha, int groups) {
        Params.Values p = params.values();
        NDArray x = fromRgb.get(level).forward(images, p);
        for (int l = level; l >= 1; l--) {
            Conv[] block = blocks.get(l);
            x = Layers.downsample(block[1].forward(block[0].forward(x, p), p));
            if (l == level && alpha < 1f) {
                NDArray skip = fromRgb.get(l - 1).forward(Layers.downsample(images), p);
                x = Layers.lerp(skip, x, alpha);
            }
        }
        if (genes.minibatchStddev()) {
            x = Layers.concat(x, minibatchStddev(x, groups), 1);
        }
        x = epilogueConv.forward(x, p);
        long n = x.getShape().get(0);
        NDArray embedding = Layers.fc(x.reshape(n, flatFeatures), p.get(embedWeight), p.get(embedBias));
        NDArray logit = Layers.fc(Layers.lrelu(embedding), p.get(logitWeight), p.get(logitBias));
        return new Output(embedding, logit.reshape(n));
    }

    /** One feature map: the standard deviation over each group, averaged over features and pixels. */
    private static NDArray minibatchStddev(NDArray x, int groups) {
        var s = x.getShape();
        long n = s.get(0);
        NDArray y = x.reshape(groups, n / groups, s.get(1), s.get(2), s.get(3));
        NDArray std = Layers.plus(y.sub(y.mean(new int[] {1}, true)).square().mean(new int[] {1}), 1e-8f).sqrt();
        NDArray perGroup = Layers.mean(std, 1, 2, 3); // [groups]
        return perGroup.reshape(groups, 1, 1, 1, 1)
                .broadcast(groups, n / groups, 1, s.get(2), s.get(3))
                .reshape(n, 1, s.get(2), s.get(3));
    }

    /** Multiply-accumulates ×2 of one forward pass of one sample at {@code level}. */
    double flopsPerSample(int level) {
        double f = fromRgb.get(level).flops();
        for (int l = level; l >= 1; l--) {
            f += blocks.get(l)[0].flops() + blocks.get(l)[1].flops();
        }
        return f + epilogueConv.flops() + 2.0 * flatFeatures * genes.embeddingDim() + 2.0 * genes.embeddingDim();
    }

    /** Convolution with equalised learning rate, bias and leaky ReLU. */
    private static final class Conv {
        private final Params.Ref weight;
        private final Params.Ref bias;
        private final double flops;

        Conv(Params params, String name, int in, int out, int kernel, int resolution, RandomGenerator rng) {
            float gain = 1f / (float) Math.sqrt((double) in * kernel * kernel);
            this.weight = params.normal(name + ".weight", rng, 1f, gain, null, out, in, kernel, kernel);
            this.bias = params.constant(name + ".bias", 0f, 1f, null, out);
            this.flops = 2.0 * out * in * kernel * kernel * resolution * resolution;
        }

        NDArray forward(NDArray x, Params.Values p) {
            return Layers.lrelu(Layers.conv2d(x, p.get(weight), p.get(bias)));
        }

        double flops() {
            return flops;
        }
    }
}
