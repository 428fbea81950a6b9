package io.equilibria.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.equilibria.config.GeneratorGenome;
import io.equilibria.config.OutputRange;
import io.equilibria.config.Style;
import io.equilibria.config.Symmetry;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A style-based generator (StyleGAN2-like), as used for A and B in Series 1.
 *
 * <pre>
 * z ─ normalise ─ MappingNetwork (FC + lrelu) ─ w
 * const 4×4 ─ [SynthesisBlock 4] ─ [up ─ SynthesisBlock 8] ─ … ─ [up ─ SynthesisBlock R]
 *                   │ToRGB              │ToRGB                           │ToRGB
 *                   └──────── up + ─────┴────────── up + … ──────────────┴─ image
 * </pre>
 *
 * With {@code style = modulated} every synthesis layer is a 3×3 modulated convolution (styles from
 * w, optional demodulation), per-pixel noise with a learned per-channel strength, bias and
 * activation; ToRGB layers are 1×1 modulated convolutions without demodulation. With {@code style =
 * adain} (the original StyleGAN) a layer is a 3×3 convolution, noise, bias, activation, then
 * adaptive instance normalisation (each feature map normalised per sample, then scaled and shifted
 * by the style); ToRGB is a plain 1×1 convolution. Modulated generators sum their ToRGB outputs
 * through upsampling (StyleGAN2's skip architecture); AdaIN generators output their last block's
 * ToRGB (the original StyleGAN's). During progressive growing the newest ToRGB fades in with alpha,
 * the symmetry gene mirrors the image's left half onto its right, its top half onto its bottom, or
 * both, and the image passes through the output range ({@code linear} or {@code tanh}).
 */
final class Generator {
    /** StyleGAN2's learning-rate multiplier of the mapping network. */
    static final float MAPPING_LR_MUL = 0.01f;

    final GeneratorGenome genes;
    final int zDim;
    final int maxLevel;
    final Params params;
    private final MappingNetwork mapping;
    private final Params.Ref constInput;
    private final long constChannels;
    private final List<SynthesisBlock> blocks = new ArrayList<>();

    /**
     * @param resolution the largest output resolution (4 · 2^maxLevel)
     * @param rng the stream that initialises the weights
     */
    Generator(NDManager manager, GeneratorGenome genes, int zDim, int resolution, RandomGenerator rng) {
        this.genes = genes;
        this.zDim = zDim;
        this.maxLevel = Integer.numberOfTrailingZeros(resolution) - 2;
        this.params = new Params(manager);
        this.mapping = new MappingNetwork(params, zDim, genes.wDim(), genes.mappingLayers(), rng);
        this.constInput = params.normal("const", rng, 1f, 1f, null, genes.channelsAt(4), 4, 4);
        this.constChannels = genes.channelsAt(4);
        int previous = genes.channelsAt(4);
        for (int level = 0; level <= maxLevel; level++) {
            int channels = genes.channelsAt(4 << level);
            blocks.add(new SynthesisBlock(params, level, previous, channels, genes, rng));
            previous = channels;
        }
    }

    /**
     * Generates images at resolution 4 · 2^level.
     *
     * @param z latents [N, zDim]
     * @param level the output level, at most {@link #maxLevel}
     * @param alpha weight of the newest block's ToRGB in [0, 1] (1 outside fade-in)
     * @param noise the stream of per-pixel noise; drawn in a fixed order, so reproducible
     * @return images [N, 3, r, r]: in (-1, 1) with {@code output = tanh}, unbounded with {@code linear}
     */
    NDArray forward(NDArray z, int level, float alpha, Noise noise) {
        return output(synthesise(z, level, alpha, noise));
    }

    /** The output range applied to synthesised values: tanh, or nothing. */
    NDArray output(NDArray raw) {
        return genes.output() == OutputRange.TANH ? raw.tanh() : raw;
    }

    /**
     * The ToRGB outputs before the output range: what grows when a generator's magnitude runs away
     * (behind tanh, towards saturation).
     */
    NDArray synthesise(NDArray z, int level, float alpha, Noise noise) {
        Params.Values p = params.values();
        NDArray w = mapping.forward(z, p);
        long n = z.getShape().get(0);
        NDArray x = p.get(constInput).broadcast(new Shape(n, constChannels, 4, 4));
        if (genes.style() == Style.ADAIN) {
            // The original StyleGAN's output: the last block's ToRGB alone, blended during fade-in
            // with the previous block's upsampled ToRGB (every AdaIN block's features have unit
            // variance, so a skip sum over the blocks would grow with the depth).
            NDArray previous = null;
            for (int l = 0; l <= level; l++) {
                if (l == level && alpha < 1f && l > 0) {
                    previous = Layers.upsample(blocks.get(l - 1).toRgb.forward(x, w, p), genes.upsampling());
                }
                x = blocks.get(l).forward(x, w, p, noise);
            }
            NDArray rgb = blocks.get(level).toRgb.forward(x, w, p);
            return symmetric(previous == null ? rgb : Layers.lerp(previous, rgb, alpha));
        }
        NDArray image = null;
        for (int l = 0; l <= level; l++) {
            SynthesisBlock block = blocks.get(l);
            x = block.forward(x, w, p, noise);
            NDArray rgb = block.toRgb.forward(x, w, p);
            if (image == null) {
                image = rgb;
            } else {
                NDArray up = Layers.upsample(image, genes.upsampling());
                image = l == level && alpha < 1f ? up.add(Layers.scale(rgb, alpha)) : up.add(rgb);
            }
        }
        return symmetric(image);
    }

    /** The synthesised image with the symmetry gene's halves mirrored (unchanged for {@code none}). */
    private NDArray symmetric(NDArray image) {
        Symmetry symmetry = genes.symmetry();
        NDArray x = symmetry.leftRight() ? Layers.mirror(image, 3) : image;
        return symmetry.topBottom() ? Layers.mirror(x, 2) : x;
    }

    /** Multiply-accumulates ×2 of one forward pass of one sample at {@code level}. */
    double flopsPerSample(int level) {
        double f = mapping.flops();
        for (int l = 0; l <= level; l++) {
            f += blocks.get(l).flops();
        }
        return f;
    }

    /** z → normalised z → {@code layers} × (FC, leaky ReLU) → w, at learning-rate multiplier 0.01. */
    static final class MappingNetwork {
        private final List<Params.Ref[]> layers = new ArrayList<>();
        private double flops;

        MappingNetwork(Params params, int zDim, int wDim, int depth, RandomGenerator rng) {
            int in = zDim;
            for (int i = 0; i < depth; i++) {
                float gain = MAPPING_LR_MUL / (float) Math.sqrt(in);
                Params.Ref weight = params.normal("mapping" + i + ".weight", rng, 1f / MAPPING_LR_MUL, gain, null, wDim, in);
                Params.Ref bias = params.constant("mapping" + i + ".bias", 0f, MAPPING_LR_MUL, null, wDim);
                layers.add(new Params.Ref[] {weight, bias});
                flops += 2.0 * wDim * in;
                in = wDim;
            }
        }

        NDArray forward(NDArray z, Params.Values p) {
            NDArray x = z.mul(Layers.rsqrt(Layers.plus(z.square().mean(new int[] {1}, true), 1e-8f)));
            for (Params.Ref[] layer : layers) {
                x = Layers.lrelu(Layers.fc(x, p.get(layer[0]), p.get(layer[1])));
            }
            return x;
        }

        double flops() {
            return flops;
        }
    }

    /** Modulated 3×3 convolution, noise, bias, activation. */
    static final class SynthesisLayer {
        private final Params.Ref affineWeight;
        private final Params.Ref affineBias;
        private final Params.Ref shiftWeight;
        private final Params.Ref shiftBias;
        private final boolean adain;
        private final Params.Ref weight;
        private final Params.Ref noiseStrength;
        private final Params.Ref bias;
        private final GeneratorGenome genes;
        private final int in;
        private final int out;
        private final int resolution;
        private final boolean up;

        SynthesisLayer(Params params, String name, int in, int out, int resolution, boolean up,
                GeneratorGenome genes, RandomGenerator rng) {
            this.genes = genes;
            this.in = in;
            this.out = out;
            this.resolution = resolution;
            this.up = up;
            // Modulation scales the input channels; AdaIN scales and shifts the output channels.
            this.adain = genes.style() == Style.ADAIN;
            int styled = adain ? out : in;
            float styleGain = 1f / (float) Math.sqrt(genes.wDim());
            float weightGain = 1f / (float) Math.sqrt(in * 9.0);
            Shape perChannel = new Shape(1, out, 1, 1);
            this.affineWeight = params.normal(name + ".affine.weight", rng, 1f, styleGain, null, styled, genes.wDim());
            this.affineBias = params.constant(name + ".affine.bias", 1f, 1f, null, styled);
            this.weight = params.normal(name + ".weight", rng, 1f, weightGain, null, out, in, 3, 3);
            this.shiftWeight = adain
                    ? params.normal(name + ".affine_shift.weight", rng, 1f, styleGain, null, out, genes.wDim()) : null;
            this.shiftBias = adain ? params.constant(name + ".affine_shift.bias", 0f, 1f, null, out) : null;
            this.noiseStrength = genes.noise()
                    ? params.constant(name + ".noise_strength", 0f, 1f, perChannel, out) : null;
            // AdaIN adds its bias in the convolution; a demodulated convolution adds it afterwards.
            this.bias = params.constant(name + ".bias", 0f, 1f, adain ? null : perChannel, out);
        }

        NDArray forward(NDArray x, NDArray w, Params.Values p, Noise noise) {
            if (up) {
                x = Layers.upsample(x, genes.upsampling());
            }
            NDArray styles = Layers.fc(w, p.get(affineWeight), p.get(affineBias));
            x = adain ? Layers.conv2d(x, p.get(weight), p.get(bias))
                    : Layers.modulatedConv2d(x, p.get(weight), null, styles, genes.demodulate());
            Shape s = x.getShape();
            if (noiseStrength != null) {
                long images = noise.isShared() ? 1 : s.get(0); // one noise map for the whole batch
                NDArray n = noise.gaussian(x.getManager(), images, 1, s.get(2), s.get(3));
                x = x.add(n.mul(p.get(noiseStrength)));
            }
            x = Layers.activate(adain ? x : x.add(p.get(bias)), genes.activation());
            if (!adain) {
                return x;
            }
            NDArray shift = Layers.fc(w, p.get(shiftWeight), p.get(shiftBias));
            return Layers.adaptiveInstanceNorm(x, styles, shift);
        }

        double flops() {
            return 2.0 * (adain ? 2 * out : in) * genes.wDim() + 2.0 * out * in * 9 * resolution * resolution;
        }
    }

    /** 1×1 modulated convolution to RGB, without demodulation. */
    static final class ToRgbLayer {
        private final Params.Ref affineWeight;
        private final Params.Ref affineBias;
        private final Params.Ref weight;
        private final Params.Ref bias;
        private final int in;
        private final int wDim;
        private final int resolution;

        ToRgbLayer(Params params, String name, int in, int resolution, int wDim, boolean modulated,
                RandomGenerator rng) {
            this.in = in;
            this.wDim = wDim;
            this.resolution = resolution;
            float styleGain = 1f / (float) Math.sqrt(wDim);
            this.affineWeight = modulated ? params.normal(name + ".affine.weight", rng, 1f, styleGain, null, in, wDim) : null;
            this.affineBias = modulated ? params.constant(name + ".affine.bias", 1f, 1f, null, in) : null;
            this.weight = params.normal(name + ".weight", rng, 1f, 1f / (float) Math.sqrt(in), null, 3, in, 1, 1);
            this.bias = params.constant(name + ".bias", 0f, 1f, null, 3);
        }

        NDArray forward(NDArray x, NDArray w, Params.Values p) {
            if (affineWeight == null) { // AdaIN: the features are already styled
                return Layers.conv2d(x, p.get(weight), p.get(bias));
            }
            NDArray styles = Layers.fc(w, p.get(affineWeight), p.get(affineBias));
            return Layers.modulatedConv2d(x, p.get(weight), p.get(bias), styles, false);
        }

        double flops() {
            return (affineWeight == null ? 0 : 2.0 * in * wDim) + 2.0 * 3 * in * resolution * resolution;
        }
    }

    /** One resolution: [upsample + conv0] (not at 4×4), conv1, and its ToRGB. */
    static final class SynthesisBlock {
        private final SynthesisLayer conv0;
        private final SynthesisLayer conv1;
        final ToRgbLayer toRgb;

        SynthesisBlock(Params params, int level, int in, int out, GeneratorGenome genes, RandomGenerator rng) {
            int resolution = 4 << level;
            String name = "b" + resolution;
            this.conv0 = level == 0 ? null
                    : new SynthesisLayer(params, name + ".conv0", in, out, resolution, true, genes, rng);
            this.conv1 = new SynthesisLayer(params, name + ".conv1", level == 0 ? in : out, out, resolution,
                    false, genes, rng);
            this.toRgb = new ToRgbLayer(params, name + ".torgb", out, resolution, genes.wDim(),
                    genes.style() == Style.MODULATED, rng);
        }

        NDArray forward(NDArray x, NDArray w, Params.Values p, Noise noise) {
            if (conv0 != null) {
                x = conv0.forward(x, w, p, noise);
            }
            return conv1.forward(x, w, p, noise);
        }

        double flops() {
            return (conv0 == null ? 0 : conv0.flops()) + conv1.flops() + toRgb.flops();
        }
    }
}
