package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

/**
 * The convolutions whose backward pass oneDNN got wrong on an AVX-512 AMD EPYC (NaN input
 * gradients on the first run of each shape, so every training there ended non-finite at step 1):
 * with oneDNN off, each is finite and the same when run again.
 */
class OneDnnTest {
    @Test
    void fewOutputChannelConvolutionsHaveFiniteReproducibleGradients() {
        assertFalse(OneDnn.apply(), "oneDNN is off by default");
        GradMode.off();
        try (NDManager m = NDManager.newBaseManager()) {
            for (long out = 2; out <= 7; out++) {
                JniUtils.setSeed(out);
                NDArray x = m.randomNormal(new Shape(7, 32, 32, 32));
                NDArray w = m.randomNormal(new Shape(out, 32, 3, 3));
                x.setRequiresGradient(true);
                w.setRequiresGradient(true);
                float[] first = null;
                for (int run = 0; run < 2; run++) {
                    try (NDScope scope = new NDScope()) {
                        try (Backward recording = Backward.record()) {
                            recording.backward(Layers.conv2d(x, w, null).sin().sum());
                        }
                        float[] g = x.getGradient().toFloatArray();
                        int nonFinite = 0;
                        for (float v : g) {
                            nonFinite += Float.isFinite(v) ? 0 : 1;
                        }
                        assertEquals(0, nonFinite, out + " output channels, run " + run + ": non-finite input gradients");
                        if (first != null) {
                            assertEquals(java.util.Arrays.hashCode(first), java.util.Arrays.hashCode(g),
                                    out + " output channels: the second run differs");
                        }
                        first = g;
                        JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) x);
                        JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) w);
                    }
                }
            }
        }
    }
}
