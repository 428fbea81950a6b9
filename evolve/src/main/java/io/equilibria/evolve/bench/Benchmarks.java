package io.equilibria.evolve.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.equilibria.config.ConfigException;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import io.equilibria.config.Side;
import io.equilibria.training.Devices;
import io.equilibria.training.StepCalls;
import io.equilibria.training.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/** The measurements behind {@code equilibria bench}. */
public final class Benchmarks {
    /** Side of the square matrices of the reference matrix multiply. */
    static final int MATMUL_SIZE = 1024;
    /** A GPU reaches its peak only on large products (three 8192² float32 matrices: 768 MB). */
    static final int GPU_MATMUL_SIZE = 8192;
    static final int WARMUP_STEPS = 3;
    static final int RSS_WARMUP_STEPS = 100;

    private final Device device;
    private final Consumer<String> log;

    public Benchmarks(Device device, Consumer<String> log) {
        this.device = device;
        this.log = log;
    }

    public record Training(String device, int threads, double bench64MsPerStep, double bench64GflopPerStep,
            double bench64Gflops, double matmulGflops, double flopsEfficiency, double cpuMsPerStep,
            double tinyMsPerStep, double rssBeforeMb, double rssAfterMb, double rssGrowthFraction,
            PyTorchStep pytorch, StepCalls bench64Calls, DeviceMemory deviceMemory) {}

    /**
     * A GPU's memory in use (MB), as its driver reports it for the whole card, before and after the
     * memory run's cpu steps: this process's use when nothing else runs on the card. Null on a CPU.
     */
    public record DeviceMemory(double beforeMb, double afterMb, double totalMb) {}

    /** A preset's median step and what its last step asked of libtorch. */
    record Step(double msPerStep, double flopsPerStep, StepCalls calls) {}

    /** The plain-PyTorch reference: its version and median ms per bench64 step. */
    public record PyTorchStep(String version, double msPerStep) {}

    /** How to run the plain-PyTorch reference script. */
    public record Reference(String python, Path script) {}

    /**
     * The reference script and an interpreter that can import torch.
     *
     * @throws ConfigException naming {@code --pytorch} when either is missing
     */
    public Reference referenceScript(String python) {
        String home = System.getProperty("equilibria.home", ".");
        Path script = Path.of(home, "bench", "bench64_pytorch.py");
        if (!Files.isRegularFile(script)) {
            throw new ConfigException("--pytorch", "reference script not found: " + script);
        }
        String exe = python != null ? python : Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        try {
            Process p = new ProcessBuilder(exe, "-c", "import torch").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0) {
                throw new ConfigException("--pytorch", exe + " cannot import torch (Debian: apt-get install python3-torch)"
                        + (out.isEmpty() ? "" : ": " + out.lines().reduce((x, y) -> y).orElse("")));
            }
        } catch (IOException e) {
            throw new ConfigException("--pytorch", "cannot run " + exe + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("--pytorch", "interrupted");
        }
        return new Reference(exe, script);
    }

    public Training training(int bench64Steps, int rssSteps, Reference reference) {
        log.accept("matmul: libtorch " + matmulSize() + "x" + matmulSize() + " float32 ...");
        double matmul = matmulGflops();
        log.accept(String.format("bench64: %d warm-up + %d measured steps ...", WARMUP_STEPS, bench64Steps));
        Step bench64 = medianStep(Preset.BENCH64, bench64Steps);
        PyTorchStep pytorch = null;
        if (reference != null) {
            log.accept(String.format("plain PyTorch: %d warm-up + %d measured steps ...", WARMUP_STEPS, bench64Steps));
            pytorch = runReference(reference, bench64Steps);
        }
        double gflopPerStep = bench64.flopsPerStep() / 1e9;
        double gflops = gflopPerStep / (bench64.msPerStep() / 1000);
        log.accept("cpu: step time ...");
        double cpu = medianStep(Preset.CPU, 20).msPerStep();
        double tiny = medianStep(Preset.TINY, 20).msPerStep();
        log.accept(String.format("cpu: resident memory over %d steps after %d warm-up steps ...", rssSteps, RSS_WARMUP_STEPS));
        double[] rss = rssGrowth(rssSteps);
        int threads = Devices.cpuThreads();
        DeviceMemory deviceMemory = device.isGpu() ? new DeviceMemory(rss[2], rss[3], gpuMemory().getMax() / 1e6) : null;
        return new Training(Devices.name(device), threads, bench64.msPerStep(), gflopPerStep, gflops, matmul,
                gflops / matmul, cpu, tiny, rss[0], rss[1], (rss[1] - rss[0]) / rss[0], pytorch, bench64.calls(),
                deviceMemory);
    }

    /** Runs the plain-PyTorch script with as many threads as libtorch uses here. */
    PyTorchStep runReference(Reference reference, int steps) {
        try {
            // on the device our step ran on: a GPU's reference is timed on that GPU, not on the CPU
            String torchDevice = device.isGpu() ? "cuda:" + device.getDeviceId() : "cpu";
            Process p = new ProcessBuilder(reference.python(), reference.script().toString(), Integer.toString(steps),
                    Integer.toString(Devices.cpuThreads()), torchDevice).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the plain-PyTorch reference failed: " + out);
            }
            var node = ConfigJson.mapper().readTree(out.lines().reduce((x, y) -> y).orElse("{}"));
            return new PyTorchStep(node.get("torch").asText(), node.get("bench64_ms_per_step").asDouble());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** libtorch's own matrix-multiply throughput in this JVM: median of 20 products. */
    double matmulGflops() {
        int n = matmulSize();
        try (NDManager m = NDManager.newBaseManager(device, "PyTorch")) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            double[] ms = new double[20];
            for (int i = -5; i < ms.length; i++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // wait for the result
                }
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            double flop = 2.0 * n * n * n;
            return flop / (median(ms) / 1000) / 1e9;
        }
    }

    /** The side of the reference product: sized for the device. */
    int matmulSize() {
        return device.isGpu() ? GPU_MATMUL_SIZE : MATMUL_SIZE;
    }

    /**
     * Median milliseconds per training step after warm-up, the analytic FLOPs per step, and what
     * the last step asked of libtorch.
     */
    Step medianStep(Preset preset, int steps) {
        RunConfig run = preset.run().withSteps(1).withIntervals(1_000_000, 0);
        try (Trainer trainer = new Trainer(preset.genome(), run, device)) {
            double[] ms = new double[steps];
            for (int i = -WARMUP_STEPS; i < steps; i++) {
                long t0 = System.nanoTime();
                trainer.trainStep();
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            return new Step(median(ms), trainer.flopsPerStep(), trainer.lastStepCalls());
        }
    }

    /**
     * Resident memory (MB) after {@link #RSS_WARMUP_STEPS} and after {@code steps} more cpu steps,
     * in one trainer. The warm-up covers the first ~150 steps in which the native allocator's pools
     * fill (measured: flat from step 200 to step 1000); the launcher pre-touches the Java heap so
     * that its first use is not counted as growth either. On a GPU, also the card's memory in use
     * (MB) at the same two moments: {resident before, after, device before, after}.
     */
    double[] rssGrowth(int steps) {
        RunConfig run = Preset.CPU.run().withSteps(1).withIntervals(10, 0);
        try (Trainer trainer = new Trainer(Preset.CPU.genome(), run, device)) {
            for (int i = 0; i < RSS_WARMUP_STEPS; i++) {
                trainer.trainStep();
            }
            double before = io.equilibria.training.NativeMemory.residentMb();
            double deviceBefore = device.isGpu() ? gpuMemory().getUsed() / 1e6 : Double.NaN;
            for (int i = 0; i < steps; i++) {
                trainer.trainStep();
            }
            double deviceAfter = device.isGpu() ? gpuMemory().getUsed() / 1e6 : Double.NaN;
            return new double[] {before, io.equilibria.training.NativeMemory.residentMb(), deviceBefore, deviceAfter};
        }
    }

    /** The driver's figures for the whole card this benchmark runs on (a GPU only). */
    private java.lang.management.MemoryUsage gpuMemory() {
        return ai.djl.util.cuda.CudaUtils.getGpuMemory(device);
    }

    /** The median of timings (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        return new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(values);
    }
}
