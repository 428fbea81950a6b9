package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.junit.jupiter.api.Test;

class LayersTest extends ManagerTest {
    /**
     * The unfused modulated convolution equals StyleGAN2's definition computed directly: per
     * sample, w'[o,i,k] = w[o,i,k] · gain · s[i], then w'' = w' / sqrt(Σ_{i,k} w'² + ε), then an
     * ordinary convolution with w''.
     */
    @Test
    void demodulationMatchesTheDirectComputation() {
        Noise rng = Noise.of(42);
        int n = 3;
        int in = 5;
        int out = 4;
        NDArray x = rng.gaussian(manager, n, in, 6, 6);
        NDArray weight = rng.gaussian(manager, out, in, 3, 3);
        NDArray styles = rng.gaussian(manager, n, in).add(1f);
        float gain = 1f / (float) Math.sqrt(in * 9.0);

        NDArray fused = Layers.modulatedConv2d(x, Layers.scale(weight, gain), null, styles, true);

        NDList perSample = new NDList();
        for (int i = 0; i < n; i++) {
            NDArray w = weight.mul(gain).mul(styles.get(i).reshape(1, in, 1, 1));
            NDArray norm = w.square().sum(new int[] {1, 2, 3}, true).add(1e-8f).sqrt();
            NDArray wd = w.div(norm);
            perSample.add(Conv2d.conv2d(x.get(i).expandDims(0), wd, null, new Shape(1, 1), new Shape(1, 1),
                    new Shape(1, 1)).singletonOrThrow());
        }
        NDArray direct = NDArrays.concat(perSample, 0);
        assertEquals(direct.getShape(), fused.getShape());
        assertArrayEquals(direct.toFloatArray(), fused.toFloatArray(), 1e-4f);
        // Demodulated outputs have unit scale per output channel, whatever the styles' scale.
        NDArray scaled = Layers.modulatedConv2d(x, Layers.scale(weight, gain), null, styles.mul(10f), true);
        assertArrayEquals(fused.toFloatArray(), scaled.toFloatArray(), 1e-4f);
    }

    @Test
    void withoutDemodulationStylesScaleTheOutput() {
        Noise rng = Noise.of(7);
        NDArray x = rng.gaussian(manager, 2, 3, 4, 4);
        NDArray weight = rng.gaussian(manager, 2, 3, 3, 3);
        NDArray styles = rng.gaussian(manager, 2, 3);
        NDArray y1 = Layers.modulatedConv2d(x, Layers.scale(weight, 0.5f), null, styles, false);
        NDArray y2 = Layers.modulatedConv2d(x, Layers.scale(weight, 0.5f), null, styles.mul(2f), false);
        assertArrayEquals(y1.mul(2f).toFloatArray(), y2.toFloatArray(), 1e-4f);
    }

    @Test
    void colourVarianceSumsFourChannelViews() {
        // Batch of 2 one-pixel images: (r,g,b) = (1,0,0) and (-1,0,2).
        NDArray x = manager.create(new float[] {1, 0, 0, -1, 0, 2}, new Shape(2, 3, 1, 1));
        // Per channel (population variance over the batch): R 1, G 0, B 1.
        // All channels pooled: values {1,0,0,-1,0,2}, mean 1/3, mean square 1, variance 1 − 1/9 = 8/9.
        float expected = 1f + 0f + 1f + 8f / 9f;
        assertEquals(expected, Ensemble.colourVariance(x).getFloat(), 1e-5f);
    }

    @Test
    void distancesPerPair() {
        NDArray e1 = manager.create(new float[] {1, 0, 3, 4}, new Shape(2, 2));
        NDArray e2 = manager.create(new float[] {0, 1, 0, 0}, new Shape(2, 2));
        assertArrayEquals(new float[] {2, 7}, Ensemble.distance(io.equilibria.config.EmbeddingDistance.L1, e1, e2).toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {1, 3.5f}, Ensemble.distance(io.equilibria.config.EmbeddingDistance.MEAN_L1, e1, e2).toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {(float) Math.sqrt(2), 5}, Ensemble.distance(io.equilibria.config.EmbeddingDistance.L2, e1, e2).toFloatArray(), 1e-4f);
        assertArrayEquals(new float[] {1, 1}, Ensemble.distance(io.equilibria.config.EmbeddingDistance.COSINE, e1, e2).toFloatArray(), 1e-5f);
    }

    @Test
    void upsampleAndDownsampleDoubleAndHalve() {
        NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        NDArray up = Layers.upsample(x, io.equilibria.config.Upsampling.NEAREST);
        assertEquals(new Shape(1, 1, 4, 4), up.getShape());
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, up.toFloatArray());
        assertArrayEquals(x.toFloatArray(), Layers.downsample(up).toFloatArray());
        assertEquals(new Shape(1, 1, 4, 4), Layers.upsample(x, io.equilibria.config.Upsampling.BILINEAR).getShape());
    }

    /**
     * Convolutions with partial channel blocks, the shapes whose oneDNN forward or backward read
     * uninitialised padding on an AVX-512 AMD EPYC (NaN on the first run of each shape): freed
     * memory is filled with NaN first, so that any uninitialised read shows, and the result and
     * both gradients must be finite and agree with libtorch's own float64 convolution.
     */
    @Test
    void partialChannelBlocksConvolveCorrectlyOverPoisonedMemory() {
        long[][] shapes = { // batch, in, out, resolution
            {4, 20, 32, 8}, {7, 32, 3, 16}, {16, 16, 43, 8}, {7, 32, 4, 32}, {7, 29, 7, 16}, {4, 43, 64, 16}};
        GradMode.off();
        for (long[] s : shapes) {
            for (int i = 0; i < 4; i++) {
                manager.full(new Shape(s[0] * Math.max(s[1], s[2]) * 16 * s[3] * s[3]), Float.NaN).close();
            }
            Noise rng = Noise.of(7, s);
            NDArray x = rng.gaussian(manager, s[0], s[1], s[3], s[3]);
            NDArray w = rng.gaussian(manager, s[2], s[1], 3, 3);
            NDArray b = rng.gaussian(manager, s[2]);
            NDArray x64 = x.toType(ai.djl.ndarray.types.DataType.FLOAT64, true);
            NDArray w64 = w.toType(ai.djl.ndarray.types.DataType.FLOAT64, true);
            NDArray b64 = b.toType(ai.djl.ndarray.types.DataType.FLOAT64, true);
            NDArray[] ours = convolveWithGradients(x, w, b);
            NDArray[] reference = convolveWithGradients(x64, w64, b64);
            String[] what = {"output", "input gradient", "weight gradient"};
            for (int k = 0; k < 3; k++) {
                float[] got = ours[k].toFloatArray();
                double[] want = reference[k].toDoubleArray();
                double worst = 0;
                for (int j = 0; j < got.length; j++) {
                    worst = Math.max(worst, Math.abs(got[j] - want[j]) / (1 + Math.abs(want[j])));
                }
                assertEquals(0, worst, 1e-3, java.util.Arrays.toString(s) + ": " + what[k]);
            }
        }
    }

    /** conv2d(x, w, b) with stride 1 and same padding, and the gradients of sum(sin(y)) for x and w. */
    private static NDArray[] convolveWithGradients(NDArray x, NDArray w, NDArray b) {
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        NDArray y;
        try (Backward recording = Backward.record()) {
            y = x.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64
                    ? Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1)).singletonOrThrow()
                    : Layers.conv2d(x, w, b);
            recording.backward(y.sin().sum());
        }
        return new NDArray[] {y, x.getGradient(), w.getGradient()};
    }
}
