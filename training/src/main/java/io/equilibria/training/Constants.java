package io.equilibria.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Float scalars made once per manager, by libtorch, on the manager's device: the gains, epsilons
 * and weights the layers and losses multiply and add by. Making one per use would be a native
 * call each, and {@code x.add(1e-8f)} would upload a Java value each (DJL makes the scalar from a
 * Java buffer). A manager's scalars are freed with it.
 */
final class Constants implements AutoCloseable {
    private static final Map<NDManager, Constants> BY_MANAGER = new ConcurrentHashMap<>();

    private final NDManager manager;
    private final Map<Float, NDArray> scalars = new ConcurrentHashMap<>();

    private Constants(NDManager manager) {
        this.manager = manager;
        manager.attachInternal("constants-" + UUID.randomUUID(), this);
    }

    /** The float32 scalar {@code value} of {@code manager}; lives as long as the manager. */
    static NDArray scalar(NDManager manager, float value) {
        return BY_MANAGER.computeIfAbsent(manager, Constants::new).scalars.computeIfAbsent(value, v -> {
            NDArray a = manager.full(new Shape(), v);
            NDScope.unregister(a); // not the current step's: the manager frees it
            return a;
        });
    }

    /** How many managers hold scalars now (for tests: a closed manager holds none). */
    static int managers() {
        return BY_MANAGER.size();
    }

    /** Called by the manager as it closes (which frees the scalars themselves). */
    @Override
    public void close() {
        BY_MANAGER.remove(manager);
    }
}
