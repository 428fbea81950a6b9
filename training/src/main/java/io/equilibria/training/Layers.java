package io.equilibria.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import io.equilibria.config.Activation;
import io.equilibria.config.Upsampling;

/**
 * The functional operations of the Series-1 networks, named as in StyleGAN2-ADA's networks.py.
 * Every result belongs to the caller's {@link ai.djl.ndarray.NDScope}; parameters are never the
 * first operand of an op whose result must not outlive the step.
 *
 * <p>Never add, multiply, divide or raise by a Java number ({@code x.mul(2f)}): DJL makes that
 * scalar a tensor over Java memory and closes it at once, while autograd keeps it for the backward
 * pass; the GC may recycle the memory first, and the gradient is garbage (seen as rare NaN
 * gradients and runs that are not reproducible); on a GPU each is also a copy from the host.
 * {@link #scale}, {@link #plus} and {@link #rsqrt} use scalars made once by libtorch on the device
 * ({@link Constants}).
 *
 * <p>Weights and biases arrive already multiplied by their equalised-learning-rate gains
 * ({@link Params#values()}).
 */
final class Layers {
    static final float LRELU_SLOPE = 0.2f;
    static final float SQRT2 = (float) Math.sqrt(2);
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape TWO = new Shape(2, 2);

    private Layers() {}

    /** A float32 scalar made by libtorch on {@code like}'s device, freed with its manager. */
    static NDArray scalar(NDArray like, float value) {
        return Constants.scalar(like.getManager(), value);
    }

    /** x · c, differentiable (see the class comment for why not {@code x.mul(c)}). */
    static NDArray scale(NDArray x, float c) {
        return x.mul(scalar(x, c));
    }

    /** x + c (see the class comment for why not {@code x.add(c)}). */
    static NDArray plus(NDArray x, float c) {
        return x.add(scalar(x, c));
    }

    /** 1 / sqrt(x), differentiable. */
    static NDArray rsqrt(NDArray x) {
        return x.pow(scalar(x, -0.5f));
    }

    /** Fully connected layer: x [N, I] · wᵀ [I, O] + b [O], in one call. */
    static NDArray fc(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    /**
     * Convolution with stride 1 and "same" padding, weight [O, I, k, k], bias [O] or null.
     *
     * <p>On a CPU, a k × k convolution (k > 1) whose input or output channels are not a multiple of
     * {@value #CHANNEL_BLOCK} runs with both padded to whole blocks by zero channels, and its output
     * cut back: libtorch 2.7.1's oneDNN works in channel blocks of 8 or 16 and, on some processors
     * (seen on an AVX-512 AMD EPYC), reads the padding of a partial block uninitialised, so that
     * such a convolution returned NaN in its forward or backward pass (measured over 2,664 shapes
     * with freed memory poisoned by NaN: 124 failed, every one a 3 × 3 convolution with a partial
     * channel block; none with whole blocks, none 1 × 1). The zero channels add exact zeros.
     */
    static NDArray conv2d(NDArray x, NDArray weight, NDArray bias) {
        NnPack.off();
        Shape w = weight.getShape();
        long k = w.get(2);
        Shape pad = new Shape(k / 2, k / 2);
        long out = w.get(0);
        long in = w.get(1);
        if (k == 1 || (out % CHANNEL_BLOCK == 0 && in % CHANNEL_BLOCK == 0) || x.getDevice().isGpu()) {
            return Conv2d.conv2d(x, weight, bias, ONE, pad, ONE, 1).singletonOrThrow();
        }
        long extraOut = whole(out) - out;
        long extraIn = whole(in) - in;
        // NDArray.pad takes (before, after) pairs from the last axis backwards.
        NDArray xs = extraIn == 0 ? x : x.pad(new Shape(0, 0, 0, 0, 0, extraIn), 0);
        NDArray ws = weight.pad(new Shape(0, 0, 0, 0, 0, extraIn, 0, extraOut), 0);
        NDArray bs = bias == null || extraOut == 0 ? bias : bias.pad(new Shape(0, extraOut), 0);
        NDArray y = Conv2d.conv2d(xs, ws, bs, ONE, pad, ONE, 1).singletonOrThrow();
        return extraOut == 0 ? y : y.get(":, 0:" + out);
    }

    /** Channels per oneDNN block on the widest vector units (AVX-512: 16; AVX2 blocks by 8). */
    static final long CHANNEL_BLOCK = 16;

    private static long whole(long channels) {
        return (channels + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
    }

    /**
     * StyleGAN2's modulated convolution, unfused (as StyleGAN2 trains it; on 2 CPU cores this
     * measured 3× faster forward and backward than one grouped convolution with per-sample
     * weights): scale the input channels by the per-sample
     * styles s [N, I], convolve with the one shared weight, then (with demodulation) scale each
     * output channel by 1 / sqrt(Σ (w · s)² + ε), the per-sample demodulation factor. A bias [O]
     * (or null) is added in the convolution, so only without demodulation (which would scale it).
     */
    static NDArray modulatedConv2d(NDArray x, NDArray weight, NDArray bias, NDArray styles, boolean demodulate) {
        if (demodulate && bias != null) {
            throw new IllegalArgumentException("a demodulated convolution adds its bias after demodulating");
        }
        long n = x.getShape().get(0);
        long in = weight.getShape().get(1);
        NDArray y = conv2d(x.mul(styles.reshape(n, in, 1, 1)), weight, bias);
        if (!demodulate) {
            return y;
        }
        long out = weight.getShape().get(0);
        // Σ_{i,k} (w[o,i,k] s[n,i])² = Σ_i s[n,i]² Σ_k w[o,i,k]²: one small matrix product.
        NDArray wSquare = weight.square().sum(new int[] {2, 3}); // [O, I]
        NDArray demod = rsqrt(plus(styles.square().matMul(wSquare.transpose()), 1e-8f)); // [N, O]
        return y.mul(demod.reshape(n, out, 1, 1));
    }

    /**
     * AdaIN, as the original StyleGAN: every feature map of every sample normalised to mean 0 and
     * variance 1 over its pixels, then scaled by the style's per-channel scale and shifted by its
     * bias: x̂ · scale + shift, with scale and shift [N, C] from w.
     */
    static NDArray adaptiveInstanceNorm(NDArray x, NDArray scale, NDArray shift) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        float perPixel = 1f / (s.get(2) * s.get(3));
        NDArray centred = x.sub(scale(x.sum(new int[] {2, 3}, true), perPixel));
        NDArray variance = scale(centred.square().sum(new int[] {2, 3}, true), perPixel);
        NDArray normalised = centred.mul(rsqrt(plus(variance, 1e-8f)));
        return normalised.mul(scale.reshape(n, c, 1, 1)).add(shift.reshape(n, c, 1, 1));
    }

    /** The activation of synthesis and discriminator layers (leaky ReLU is gained by √2). */
    static NDArray activate(NDArray x, Activation activation) {
        return switch (activation) {
            case LEAKY_RELU -> scale(ai.djl.nn.Activation.leakyRelu(x, LRELU_SLOPE), SQRT2);
            case SINE -> x.sin();
            case SWISH -> scale(x.mul(ai.djl.nn.Activation.sigmoid(x)), SQRT2);
        };
    }

    static NDArray lrelu(NDArray x) {
        return activate(x, Activation.LEAKY_RELU);
    }

    /** Doubles height and width. */
    static NDArray upsample(NDArray x, Upsampling mode) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        if (mode == Upsampling.NEAREST) {
            // Each pixel repeated along W, then each row along H, by broadcasting: the gradient of
            // each stage sums adjacent elements. Measured faster forward and backward than libtorch
            // 2.7's upsample_nearest2d, which clones its input and output on CPU.
            NDArray wide = x.reshape(n, c, h, w, 1).broadcast(n, c, h, w, 2).reshape(n, c, h, 1, 2 * w);
            return wide.broadcast(n, c, h, 2, 2 * w).reshape(n, c, 2 * h, 2 * w);
        }
        // DJL interpolation mode 1: bilinear.
        return x.getNDArrayInternal().interpolation(new long[] {2 * h, 2 * w}, 1, false);
    }

    /**
     * {@code x} [N, C, H, W] with the second half along {@code axis} (2: height, 3: width) replaced
     * by the first half mirrored: exactly symmetric, and the gradient of the mirrored half flows
     * back into the first.
     */
    static NDArray mirror(NDArray x, int axis) {
        long half = x.getShape().get(axis) / 2;
        NDArray first = x.get(axis == 3 ? new NDIndex(":, :, :, :{}", half) : new NDIndex(":, :, :{}", half));
        return concat(first, first.flip(axis), axis);
    }

    /** Halves height and width by 2×2 average pooling. */
    static NDArray downsample(NDArray x) {
        return Pool.avgPool2d(x, TWO, TWO, new Shape(0, 0), false, true);
    }

    /** Average-pools {@code x} down to {@code resolution} (a power of two no larger than x's). */
    static NDArray downsampleTo(NDArray x, int resolution) {
        while (x.getShape().get(2) > resolution) {
            x = downsample(x);
        }
        return x;
    }

    /** Linear blend a + (b − a) · t. */
    static NDArray lerp(NDArray a, NDArray b, float t) {
        return a.add(scale(b.sub(a), t));
    }

    /** Mean over several axes (DJL's PyTorch mean takes one axis at a time). */
    static NDArray mean(NDArray x, int... axes) {
        long count = 1;
        for (int axis : axes) {
            count *= x.getShape().get(axis);
        }
        return scale(x.sum(axes), 1f / count);
    }

    static NDArray concat(NDArray a, NDArray b, int axis) {
        return NDArrays.concat(new NDList(a, b), axis);
    }
}
