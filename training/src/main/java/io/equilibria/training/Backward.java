package io.equilibria.training;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * One backward pass of a scalar loss, recorded on the calling thread only. DJL's gradient
 * collector allows one per JVM (a static flag), which would make trainings in one process take
 * turns; libtorch's grad mode is per thread, so two trainings on two threads record and run their
 * backward passes side by side. Recording is on from {@link #record()} until {@link #close()},
 * which turns it off again (every training runs with recording off, see {@link GradMode}).
 */
final class Backward implements AutoCloseable {
    private Backward() {}

    /** Turns recording on for this thread: the forward pass inside the block builds a graph. */
    static Backward record() {
        NativeCalls.inPlace(1);
        JniUtils.setGradMode(true);
        return new Backward();
    }

    /** Accumulates the gradients of the scalar {@code loss} into every parameter that needs one. */
    void backward(NDArray loss) {
        NativeCalls.inPlace(1);
        NDArray one = Constants.scalar(loss.getManager(), 1f);
        JniUtils.backward((PtNDArray) loss, (PtNDArray) one, false, false);
    }

    @Override
    public void close() {
        NativeCalls.inPlace(1);
        JniUtils.setGradMode(false);
    }
}
