package io.equilibria.training;

import ai.djl.ndarray.NDScope;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * What the project asks of libtorch, counted where it calls DJL, per thread: <em>native calls</em>
 * (every array an operation returns, and the in-place calls that return none: optimiser updates,
 * gradient resets and switches, seeding) and <em>host transfers</em> (every synchronising copy
 * between Java memory and the device's: uploads of Java values, reads of results). Freeing an
 * array is one more call per array returned and is not counted separately.
 */
final class NativeCalls {
    /** [calls that return no array, host transfers] of this thread so far. */
    private static final ThreadLocal<long[]> COUNTS = ThreadLocal.withInitial(() -> new long[2]);
    private static final Field SCOPE_RESOURCES;

    static {
        try {
            SCOPE_RESOURCES = NDScope.class.getDeclaredField("resources");
            SCOPE_RESOURCES.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private NativeCalls() {}

    /** Counts {@code n} native calls that return no array. */
    static void inPlace(long n) {
        COUNTS.get()[0] += n;
    }

    /** Counts a read of a result into Java memory: a call that returns no array, and a transfer. */
    static void read() {
        long[] c = COUNTS.get();
        c[0]++;
        c[1]++;
    }

    /** Counts an upload of Java values: a transfer (the call returns an array, counted by its scope). */
    static void upload() {
        COUNTS.get()[1]++;
    }

    /** This thread's counts so far: [calls that return no array, host transfers]. */
    static long[] now() {
        return COUNTS.get().clone();
    }

    /**
     * The arrays registered in {@code scope} so far: one per operation that returned an array on
     * this thread since the scope opened (closing an array early does not unregister it).
     */
    static int arraysIn(NDScope scope) {
        try {
            return ((Map<?, ?>) SCOPE_RESOURCES.get(scope)).size();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A step's counts, from the thread's counts before it and its scope. */
    static StepCalls since(long[] before, NDScope scope) {
        long[] after = COUNTS.get();
        return new StepCalls(arraysIn(scope) + after[0] - before[0], after[1] - before[1]);
    }
}
