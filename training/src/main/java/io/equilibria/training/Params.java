package io.equilibria.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The trainable arrays of one network, in creation order (which is also checkpoint order).
 *
 * <p>Weights follow the equalised learning rate of ProGAN/StyleGAN: they are stored as N(0, 1)
 * (divided by a learning-rate multiplier where one applies) and scaled by a constant gain in the
 * forward pass, so that Adam sees every layer at the same scale.
 */
final class Params {
    private final NDManager manager;
    private final List<NDArray> arrays = new ArrayList<>();

    Params(NDManager manager) {
        this.manager = manager;
    }

    /** An array of {@code shape} drawn from N(0, 1) by {@code rng}, multiplied by {@code scale}. */
    NDArray normal(String name, RandomGenerator rng, float scale, long... shape) {
        Shape s = new Shape(shape);
        float[] data = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rng.nextGaussian() * scale;
        }
        return add(name, Rng.native_(manager.create(data, s)));
    }

    /** An array of {@code shape} filled with {@code value}. */
    NDArray constant(String name, float value, long... shape) {
        return add(name, manager.full(new Shape(shape), value));
    }

    private NDArray add(String name, NDArray array) {
        array.setName(name);
        array.setRequiresGradient(true);
        arrays.add(array);
        return array;
    }

    List<NDArray> arrays() {
        return arrays;
    }

    /** Total number of scalars. */
    long count() {
        return arrays.stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /**
     * Stops (or restarts) gradient accumulation into these arrays; gradients still flow through
     * the network to its inputs. Used for D during the generators' step.
     */
    void freeze(boolean frozen) {
        NativeCalls.inPlace(arrays.size());
        for (NDArray a : arrays) {
            a.setRequiresGradient(!frozen);
        }
    }

    /** Zeroes the accumulated gradients of these arrays only (never the whole JVM's). */
    void zeroGradients() {
        NativeCalls.inPlace(arrays.size());
        for (NDArray a : arrays) {
            JniUtils.zeroGrad((PtNDArray) a);
        }
    }

    /** Sum of squared gradients, a scalar array in the current scope. */
    NDArray gradientSquareSum() {
        NDArray total = null;
        for (NDArray a : arrays) {
            try (NDArray g = a.getGradient()) {
                NDArray s = g.square().sum();
                total = total == null ? s : total.add(s);
            }
        }
        return total;
    }

    /** Copies of the current values, for checkpoints. */
    NDList snapshot() {
        NDList list = new NDList(arrays.size());
        for (NDArray a : arrays) {
            list.add(a.duplicate());
        }
        return list;
    }

    /** Overwrites the values in place from a snapshot in the same order. */
    void restore(NDList values) {
        if (values.size() != arrays.size()) {
            throw new IllegalArgumentException("checkpoint has " + values.size() + " arrays, network has " + arrays.size());
        }
        for (int i = 0; i < arrays.size(); i++) {
            overwrite(arrays.get(i), values.get(i), "checkpoint array " + arrays.get(i).getName());
        }
    }

    /**
     * Copies {@code source} into {@code target} in place (libtorch's {@code copy_} through an index
     * put). Not {@code NDArray.set(float[])}: DJL's native for that opens a deprecated dispatch guard,
     * and libtorch prints a warning about it on the terminal. The shapes must be equal (an index put
     * would broadcast a smaller source).
     *
     * @param what names the array in the error
     */
    static void overwrite(NDArray target, NDArray source, String what) {
        if (!target.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException(what + " has shape " + source.getShape() + ", expected "
                    + target.getShape());
        }
        GradMode.off();
        target.set(new NDIndex("..."), source);
    }
}
