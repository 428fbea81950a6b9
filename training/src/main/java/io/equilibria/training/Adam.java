package io.equilibria.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam for one network, on libtorch's fused update. Unlike DJL's {@code Adam} optimiser, the
 * moment estimates live in arrays of the ensemble's manager (closed with it, so nothing leaks
 * when many individuals are trained in one process) and can be saved to and restored from a
 * checkpoint, so that a resumed training continues exactly.
 */
final class Adam {
    /** StyleGAN2's betas: no momentum, a long second-moment memory. */
    static final float BETA1 = 0f;
    static final float BETA2 = 0.99f;
    static final float EPSILON = 1e-8f;

    private final Params params;
    private final float learningRate;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private int updates;

    Adam(Params params, NDManager manager, double learningRate) {
        this.params = params;
        this.learningRate = (float) learningRate;
        for (NDArray p : params.arrays()) {
            means.add(manager.zeros(p.getShape()));
            variances.add(manager.zeros(p.getShape()));
        }
    }

    /** Applies one update from the accumulated gradients and zeroes them. */
    void step() {
        updates++;
        double correction = Math.sqrt(1 - Math.pow(BETA2, updates)) / (1 - Math.pow(BETA1, updates));
        float lrCorrected = (float) (learningRate * correction);
        List<NDArray> arrays = params.arrays();
        NativeCalls.inPlace(arrays.size());
        for (int i = 0; i < arrays.size(); i++) {
            NDArray weight = arrays.get(i);
            try (NDArray grad = weight.getGradient()) {
                // The engine's adamUpdate updates weight, mean and variance in place and zeroes the gradient.
                weight.getNDArrayInternal().adamUpdate(
                        new NDList(weight, grad, means.get(i), variances.get(i)), new NDList(weight),
                        learningRate, lrCorrected, 0f, 1f, -1f, BETA1, BETA2, EPSILON, false, false);
            }
        }
    }

    int updates() {
        return updates;
    }

    /** Means then variances, as copies. */
    NDList state() {
        NDList list = new NDList();
        means.forEach(a -> list.add(a.duplicate()));
        variances.forEach(a -> list.add(a.duplicate()));
        return list;
    }

    void restore(NDList state, int updateCount) {
        int n = means.size();
        if (state.size() != 2 * n) {
            throw new IllegalArgumentException("optimiser state has " + state.size() + " arrays, expected " + 2 * n);
        }
        for (int i = 0; i < n; i++) {
            Params.overwrite(means.get(i), state.get(i), "optimiser mean " + i);
            Params.overwrite(variances.get(i), state.get(n + i), "optimiser variance " + i);
        }
        this.updates = updateCount;
    }
}
