package io.equilibria.evolve.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.cuda.CudaUtils;
import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Stats;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.ConfigException;
import io.equilibria.config.Side;
import io.equilibria.evolve.bench.NvidiaSmi;
import io.equilibria.training.Devices;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code equilibria doctor}: what this machine gives the program, line by line, and whether the
 * requested device computes. The first thing to run on a new server, and the first thing to send
 * back when something is wrong.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check this machine: Java, DJL, PyTorch and where its natives come from, CUDA, every device "
                + "with its free memory, threads, and the archive. Exits 1 when the requested device is unusable.")
public final class DoctorCommand implements Callable<Integer> {
    /** Side of the matrix the device check multiplies, on the device and on the CPU. */
    static final int CHECK_SIDE = 64;

    @Option(names = "--device", paramLabel = "D", defaultValue = "cpu",
            description = "The device to check: cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Mixin
    ArchiveOption archive;

    @Override
    public Integer call() {
        if (!Devices.isName(device)) { // bad input, before anything is printed; an absent GPU is a finding
            throw new ConfigException("--device", "\"" + device + "\" is not cpu, gpu or gpu:N");
        }
        line("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") "
                + System.getProperty("java.home"));
        line("program", "equilibria " + io.equilibria.training.Provenance.current());
        line("djl", Engine.getDjlVersion() + (Boolean.getBoolean("ai.djl.offline")
                ? ", offline (downloads nothing)" : ", online (may download natives)"));
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            line("pytorch", "UNUSABLE: the engine did not load: " + firstLine(e));
            io.equilibria.training.CudaRuntime.problem().ifPresent(why -> line("cuda", "UNUSABLE: " + why));
            line("verdict", "no device is usable; rebuild (./equilibria rebuilds itself) or see the README's "
                    + "troubleshooting");
            return ExitCodes.FAILURE;
        }
        String natives = libtorchPath();
        line("pytorch", engine.getVersion() + ", natives from " + natives);
        line("cuda", cuda(natives));
        int gpus = engine.getGpuCount();
        line("cpu", Runtime.getRuntime().availableProcessors() + " cores, libtorch " + Devices.cpuThreads()
                + " threads (-Dai.djl.pytorch.num_threads), JVM heap " + Stats.humanBytes(Runtime.getRuntime().maxMemory())
                + " max");
        for (int i = 0; i < gpus; i++) {
            line("gpu:" + i, gpu(i));
        }
        if (gpus == 0) {
            line("gpus", "none usable by PyTorch (a CPU build, or no CUDA runtime: see the cuda line)");
        }
        line("archive", archiveState());
        String problem;
        try {
            problem = compute(Devices.parse(device));
        } catch (ConfigException e) {
            problem = e.reason().replaceFirst("^" + java.util.regex.Pattern.quote(device) + ": ", "");
        }
        if (problem != null) {
            line("verdict", device + " is UNUSABLE: " + problem);
            return ExitCodes.FAILURE;
        }
        line("verdict", device + " works (a " + CHECK_SIDE + "x" + CHECK_SIDE + " matrix product agrees with the CPU's)");
        return 0;
    }

    private static void line(String what, String value) {
        System.out.printf(Locale.ROOT, "%-9s %s%n", what, value);
    }

    private static String libtorchPath() {
        try {
            return ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
        } catch (RuntimeException e) {
            return "(unknown: " + firstLine(e) + ")";
        }
    }

    private static String cuda(String natives) {
        String driver = NvidiaSmi.query("driver_version", -1).orElse("");
        java.util.Optional<String> bundled = io.equilibria.training.CudaRuntime.problem();
        if (bundled.isPresent()) {
            return "UNUSABLE: " + bundled.get();
        }
        if (!CudaUtils.hasCuda()) {
            String build = natives.contains("-cpu-") ? "a CPU build (pytorch-native-cpu)" : "no CUDA runtime found";
            return build + (driver.isEmpty() ? ", no NVIDIA driver" : "; NVIDIA driver " + driver
                    + " is installed: build with the cuda profile (README: GPU servers)");
        }
        return "runtime " + CudaUtils.getCudaVersionString() + (driver.isEmpty() ? "" : ", driver " + driver);
    }

    private static String gpu(int index) {
        Device d = Device.gpu(index);
        try {
            MemoryUsage m = CudaUtils.getGpuMemory(d);
            return "compute capability " + CudaUtils.getComputeCapability(index) + ", "
                    + Stats.humanBytes(m.getMax() - m.getCommitted()) + " free of " + Stats.humanBytes(m.getMax());
        } catch (RuntimeException e) {
            return "cannot be queried: " + firstLine(e);
        }
    }

    private String archiveState() {
        if (!Files.exists(archive.path)) {
            return "none yet at " + archive.path + " (a search creates it)";
        }
        try (ArchiveView view = Archive.read(archive.path)) {
            Stats s = view.stats();
            java.util.Map<String, Integer> present = new java.util.TreeMap<>(s.byStatus());
            present.values().removeIf(n -> n == 0);
            return archive.path + ": " + s.entries() + " entries " + present + ", " + s.runs() + " runs, "
                    + Stats.humanBytes(s.fileBytes() + s.blobBytes()) + (view instanceof Archive ? ", not in use"
                    : ", in use by a running search (read through it)");
        } catch (ArchiveException e) {
            return "UNREADABLE: " + e.getMessage();
        }
    }

    /** Multiplies a seeded matrix on the device and on the CPU: what is wrong, or null when the two agree. */
    private static String compute(Device target) {
        try (NDManager cpu = NDManager.newBaseManager(Device.cpu()); NDManager dev = NDManager.newBaseManager(target)) {
            float[] values = new float[CHECK_SIDE * CHECK_SIDE];
            java.util.SplittableRandom random = new java.util.SplittableRandom(1);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextDouble() * 2 - 1);
            }
            ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(CHECK_SIDE, CHECK_SIDE);
            NDArray onCpu = cpu.create(values, shape);
            NDArray onDevice = dev.create(values, shape);
            float[] expected = onCpu.matMul(onCpu).toFloatArray();
            float[] got = onDevice.matMul(onDevice).toDevice(Device.cpu(), false).toFloatArray();
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - got[i]));
            }
            return worst < 1e-3 ? null
                    : "a " + CHECK_SIDE + "x" + CHECK_SIDE + " product differs from the CPU's by " + worst;
        } catch (RuntimeException e) {
            return firstLine(e);
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        return e.getClass().getSimpleName() + ": " + m.lines().findFirst().orElse("");
    }
}
