package io.equilibria.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Adam for one network, on libtorch's fused update over the network's flat parameters: one call
 * per step. Unlike DJL's {@code Adam} optimiser, the moment estimates live in arrays of the
 * ensemble's manager (closed with it, so nothing leaks when many individuals are trained in one
 * process) and can be saved to and restored from a checkpoint, so that a resumed training
 * continues exactly.
 */
final class Adam {
    /** StyleGAN2's betas: no momentum, a long second-moment memory. */
    static final float BETA1 = 0f;
    static final float BETA2 = 0.99f;
    static final float EPSILON = 1e-8f;

    private final Params params;
    private final float learningRate;
    private final NDArray mean;
    private final NDArray variance;
    private int updates;

    Adam(Params params, NDManager manager, double learningRate) {
        this.params = params;
        this.learningRate = (float) learningRate;
        this.mean = manager.zeros(new Shape(params.count()));
        this.variance = manager.zeros(new Shape(params.count()));
    }

    /** Applies one update from {@code gradient} (the parameters' accumulated one) and zeroes it. */
    void step(NDArray gradient) {
        updates++;
        double correction = Math.sqrt(1 - Math.pow(BETA2, updates)) / (1 - Math.pow(BETA1, updates));
        float lrCorrected = (float) (learningRate * correction);
        NDArray weight = params.storage();
        NativeCalls.inPlace(1);
        // The engine's adamUpdate updates weight, mean and variance in place and zeroes the gradient.
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, gradient, mean, variance), new NDList(weight),
                learningRate, lrCorrected, 0f, 1f, -1f, BETA1, BETA2, EPSILON, false, false);
    }

    int updates() {
        return updates;
    }

    /** Means then variances, as copies, one per layer array in its stored shape (checkpoint order). */
    NDList state() {
        NDList list = params.copies(mean);
        list.addAll(params.copies(variance));
        return list;
    }

    void restore(NDList state, int updateCount) {
        int n = params.arrayCount();
        if (state.size() != 2 * n) {
            throw new IllegalArgumentException("optimiser state has " + state.size() + " arrays, expected " + 2 * n);
        }
        params.restore(mean, state.subNDList(0, n), i -> "optimiser mean " + i);
        params.restore(variance, state.subNDList(n, 2 * n), i -> "optimiser variance " + i);
        this.updates = updateCount;
    }
}
