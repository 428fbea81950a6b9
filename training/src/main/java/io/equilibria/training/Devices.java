package io.equilibria.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.equilibria.config.ConfigException;

/** Parsing and checking of {@code --device} values: {@code cpu}, {@code gpu} or {@code gpu:N}. */
public final class Devices {
    private Devices() {}

    /** The device as written on the command line: {@code cpu} or {@code gpu:N}. */
    public static String name(Device device) {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
    }

    /** Whether {@code name} is written as a device ({@code cpu}, {@code gpu} or {@code gpu:N}), present or not. */
    public static boolean isName(String name) {
        return name.trim().toLowerCase(java.util.Locale.ROOT).matches("cpu|gpu(:\\d+)?");
    }

    /** libtorch's intra-op CPU threads, on the calling thread. */
    public static int cpuThreads() {
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    /**
     * The CPU threads a training uses when nothing shares the cores: {@code
     * -Dai.djl.pytorch.num_threads} where given (DJL applies it when the engine loads), else
     * libtorch's own default, read once, before any training of this process sets a count.
     */
    public static int configuredCpuThreads() {
        return ConfiguredThreads.COUNT;
    }

    private static final class ConfiguredThreads {
        static final int COUNT = count();

        private static int count() {
            Integer set = Integer.getInteger("ai.djl.pytorch.num_threads");
            if (set != null && set > 0) {
                return set;
            }
            Engine.getEngine("PyTorch"); // loads the natives
            return ai.djl.pytorch.jni.JniUtils.getNumThreads();
        }
    }

    /**
     * Makes libtorch compute the calling thread's operations on {@code threads} CPU threads. The
     * count is the calling thread's own (OpenMP's is per thread): DJL sets it at load time only on
     * the thread that loads the engine, and every other thread starts from OMP_NUM_THREADS or every
     * core, or the count the last thread set (libtorch keeps one process-wide default). So every
     * training in a search sets its own, and trainings side by side in one process each their share.
     */
    public static void useCpuThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        Engine.getEngine("PyTorch"); // loads the natives where no training has yet
        if (ai.djl.pytorch.jni.JniUtils.getNumThreads() != threads) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
    }

    /**
     * The device named {@code name}, checked against this machine.
     *
     * @throws ConfigException naming {@code --device} when the name is malformed or the GPU absent
     */
    public static Device parse(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (!isName(n)) {
            throw new ConfigException("--device", "\"" + name + "\" is not cpu, gpu or gpu:N");
        }
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        int index = n.equals("gpu") ? 0 : Integer.parseInt(n.substring(4));
        int count = Engine.getEngine("PyTorch").getGpuCount();
        if (index >= count) {
            throw new ConfigException("--device", name + ": no such GPU (this machine has " + count
                    + " usable by PyTorch " + Engine.getEngine("PyTorch").getVersion()
                    + "; build with the cuda profile on a GPU server)");
        }
        return Device.gpu(index);
    }
}
