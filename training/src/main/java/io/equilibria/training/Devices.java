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

    /** libtorch's intra-op CPU threads. */
    public static int cpuThreads() {
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
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
