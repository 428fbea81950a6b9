package io.equilibria.training;

import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's grad mode is per thread, and DJL switches it off only on the thread that loaded the
 * engine: on any other thread (a pool, a Hazelcast executor) every op outside a {@link Backward} block
 * records a graph. Every training and sampling entry point calls {@link #off()} on its own thread,
 * so that an individual computes the same thing whichever thread trains it.
 */
final class GradMode {
    private GradMode() {}

    /** Turns recording off on the calling thread ({@link Backward} turns it on and back off). */
    static void off() {
        NativeCalls.inPlace(1);
        if (JniUtils.isGradMode()) {
            NativeCalls.inPlace(1);
            JniUtils.setGradMode(false);
        }
    }
}
