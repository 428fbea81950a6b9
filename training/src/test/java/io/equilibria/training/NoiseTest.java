package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class NoiseTest {
    /** The first {@code draws} arrays of stream {@code coordinate}, read back. */
    private static List<float[]> draws(long coordinate, int draws) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Noise noise = Noise.of(7, coordinate);
            List<float[]> out = new ArrayList<>();
            for (int i = 0; i < draws; i++) {
                out.add(noise.gaussian(manager, 4, 1, 8, 8).toFloatArray());
            }
            return out;
        }
    }

    @Test
    void aStreamDrawsTheSameArraysWhateverElseThreadsDrawMeanwhile() throws Exception {
        List<float[]> alone = draws(1, 200);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<List<float[]>> first = pool.submit(() -> draws(1, 200));
            Future<List<float[]>> other = pool.submit(() -> draws(2, 200));
            Future<List<float[]>> third = pool.submit(() -> draws(1, 200));
            List<float[]> a = first.get();
            List<float[]> b = third.get();
            for (int i = 0; i < alone.size(); i++) {
                assertArrayEquals(alone.get(i), a.get(i), "draw " + i);
                assertArrayEquals(alone.get(i), b.get(i), "draw " + i);
            }
            assertFalse(java.util.Arrays.equals(alone.get(0), other.get().get(0)), "another stream differs");
        } finally {
            pool.shutdownNow();
        }
        assertFalse(java.util.Arrays.equals(alone.get(0), alone.get(1)), "successive draws differ");
    }

    @Test
    void drawsAreStandardNormal() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] x = Noise.of(3).gaussian(manager, 100_000).toFloatArray();
            double mean = 0;
            double square = 0;
            for (float v : x) {
                mean += v;
                square += v * v;
            }
            mean /= x.length;
            assertEquals(0, mean, 0.02);
            assertEquals(1, square / x.length - mean * mean, 0.02);
        }
    }

    @Test
    void scalarsAreFreedWithTheirManager() {
        int before = Constants.managers();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            assertEquals(0.5f, Constants.scalar(manager, 0.5f).getFloat());
            assertEquals(before + 1, Constants.managers());
        }
        assertEquals(before, Constants.managers());
    }
}
