package io.equilibria.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * The trainable values of one network, in creation order (which is also checkpoint order), kept in
 * one flat array: one gradient, one optimiser update, one norm and one switch per network instead
 * of one per layer array (on a GPU each of those is a kernel launch and a JNI call).
 *
 * <p>Weights follow the equalised learning rate of ProGAN/StyleGAN: they are stored as N(0, 1)
 * (divided by a learning-rate multiplier where one applies) and multiplied by a constant gain in
 * the forward pass, so that Adam sees every layer at the same scale. Each forward pass takes its
 * {@link #values()}: the stored values times their gains, cut into the layers' arrays in the
 * shapes the layers use them in, all inside the pass's graph, so that backward reaches the flat
 * array.
 */
final class Params {
    /** One array: where it lives in the flat storage, its stored shape, and how layers see it. */
    private record Spec(String name, Shape stored, Shape used, float gain, long offset) {}

    /** A layer's handle to one of its arrays. */
    record Ref(int index) {}

    private final NDManager manager;
    private final List<Spec> specs = new ArrayList<>();
    private final List<float[]> initial = new ArrayList<>();
    private long size;
    private NDArray flat;
    private NDArray gains;
    private long[] splits;

    Params(NDManager manager) {
        this.manager = manager;
    }

    /**
     * An array of {@code shape} drawn from N(0, 1) by {@code rng} and multiplied by {@code scale},
     * seen by layers as its stored values times {@code gain}, in the shape {@code used} (null: as
     * stored).
     */
    Ref normal(String name, RandomGenerator rng, float scale, float gain, Shape used, long... shape) {
        float[] data = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rng.nextGaussian() * scale;
        }
        return add(name, data, gain, used, shape);
    }

    /** An array of {@code shape} filled with {@code value}, seen as {@link #normal} describes. */
    Ref constant(String name, float value, float gain, Shape used, long... shape) {
        float[] data = new float[Math.toIntExact(new Shape(shape).size())];
        Arrays.fill(data, value);
        return add(name, data, gain, used, shape);
    }

    private Ref add(String name, float[] data, float gain, Shape used, long... shape) {
        if (flat != null) {
            throw new IllegalStateException("parameters are sealed: " + name + " comes too late");
        }
        Shape stored = new Shape(shape);
        specs.add(new Spec(name, stored, used == null ? stored : used, gain, size));
        initial.add(data);
        size += data.length;
        return new Ref(specs.size() - 1);
    }

    /** The flat storage, made on first use from the values added so far (no more can be added). */
    private NDArray flat() {
        if (flat == null) {
            float[] values = new float[Math.toIntExact(size)];
            float[] gainValues = new float[values.length];
            splits = new long[specs.size() - 1];
            for (int i = 0; i < specs.size(); i++) {
                Spec s = specs.get(i);
                int offset = (int) s.offset();
                System.arraycopy(initial.get(i), 0, values, offset, initial.get(i).length);
                Arrays.fill(gainValues, offset, offset + initial.get(i).length, s.gain());
                if (i > 0) {
                    splits[i - 1] = offset;
                }
            }
            initial.clear();
            flat = Rng.native_(manager.create(values));
            gains = Rng.native_(manager.create(gainValues));
            NDScope.unregister(flat, gains); // they live as long as the network's manager
            flat.setName("parameters");
            flat.setRequiresGradient(true);
        }
        return flat;
    }

    /** The values of one forward pass, in the current scope (see the class comment). */
    Values values() {
        NDList pieces = flat().mul(gains).split(splits);
        NativeCalls.inPlace(1 - pieces.size()); // one call returned them all
        NDArray[] arrays = new NDArray[specs.size()];
        for (int i = 0; i < arrays.length; i++) {
            Shape used = specs.get(i).used();
            arrays[i] = used.dimension() == 1 ? pieces.get(i) : pieces.get(i).reshape(used);
        }
        return new Values(arrays);
    }

    /** The arrays of one forward pass. */
    static final class Values {
        private final NDArray[] arrays;

        private Values(NDArray[] arrays) {
            this.arrays = arrays;
        }

        NDArray get(Ref ref) {
            return arrays[ref.index()];
        }
    }

    /** Number of arrays. */
    int arrayCount() {
        return specs.size();
    }

    /** Total number of scalars. */
    long count() {
        return size;
    }

    /** The stored values (without gains), one array per layer array in its stored shape, as views in the current scope. */
    List<NDArray> arrays() {
        return cut(flat());
    }

    /** {@code whole}, a flat array laid out as these parameters, cut into arrays of their stored shapes. */
    private List<NDArray> cut(NDArray whole) {
        NDList pieces = whole.split(splits);
        List<NDArray> arrays = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            arrays.add(pieces.get(i).reshape(specs.get(i).stored()));
        }
        return arrays;
    }

    /** The flat storage itself: the optimiser updates it in place. */
    NDArray storage() {
        return flat();
    }

    /**
     * Stops (or restarts) gradient accumulation into these values; gradients still flow through
     * the network to its inputs. Used for D during the generators' step.
     */
    void freeze(boolean frozen) {
        NativeCalls.inPlace(1);
        flat().setRequiresGradient(!frozen);
    }

    /** The accumulated gradient, flat, in the current scope. */
    NDArray gradient() {
        return flat().getGradient();
    }

    /** Zeroes the accumulated gradient of these values only (never the whole JVM's). */
    void zeroGradients() {
        NativeCalls.inPlace(1);
        ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) flat());
    }

    /** Copies of the current values, one per layer array in its stored shape, for checkpoints. */
    NDList snapshot() {
        return copies(flat());
    }

    /** Copies of {@code whole} (laid out as these parameters) cut into the layers' stored shapes. */
    NDList copies(NDArray whole) {
        NDList list = new NDList(specs.size());
        for (NDArray a : cut(whole)) {
            list.add(a.duplicate());
        }
        return list;
    }

    /** Overwrites the values in place from a snapshot in the same order. */
    void restore(NDList values) {
        restore(flat(), values, i -> "checkpoint array " + specs.get(i).name());
    }

    /**
     * Overwrites {@code whole} (laid out as these parameters) from arrays in the layers' stored
     * shapes.
     *
     * @param what names the array of an index in the error
     */
    void restore(NDArray whole, NDList values, IntFunction<String> what) {
        if (values.size() != specs.size()) {
            throw new IllegalArgumentException("checkpoint has " + values.size() + " arrays, network has " + specs.size());
        }
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            if (!s.stored().equals(values.get(i).getShape())) {
                throw new IllegalArgumentException(what.apply(i) + " has shape " + values.get(i).getShape()
                        + ", expected " + s.stored());
            }
        }
        GradMode.off();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            whole.set(new NDIndex("{}:{}", s.offset(), s.offset() + s.stored().size()), values.get(i).flatten());
        }
    }
}
