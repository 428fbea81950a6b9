package io.equilibria.evolve.bench;

import ai.djl.Device;
import io.equilibria.config.Preset;
import io.equilibria.evolve.run.TempDirs;
import io.equilibria.training.NativeMemory;
import io.equilibria.training.Trainer;
import io.equilibria.training.video.LoopVideo;
import io.equilibria.training.video.RenderSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code bench --render}: videos of the reference genome (bench64) at 30 fps against real time,
 * at 512×256, 1024×512 (the default size) and 1920×1080, on every core; the same 1024×512 render
 * on one encoder thread (the parallel speed-up); and resident memory after a 10-second and a
 * 60-second render at 1024×512 in the same process (streaming: the second must not need more).
 */
public final class RenderBench {
    /**
     * @param realtimeRatio seconds of video per second of wall time, 10 s at 512×256
     * @param inferenceFraction share of that wall time spent in the generators
     * @param realtimeRatio1024 the same at 1024×512
     * @param realtimeRatio1080p the same at 1920×1080
     * @param threads encoder threads of the parallel renders
     * @param threadSpeedup the 1024×512 render's time on one thread over its time on {@code threads}
     */
    public record Result(double realtimeRatio, double inferenceFraction, double rssMb10s, double rssMb60s,
            double seconds10, double seconds60, double heapMb10s, double heapMb60s, double realtimeRatio1024,
            double realtimeRatio1080p, int threads, double threadSpeedup, double seconds1024, double seconds1024OneThread,
            double seconds1080p) {}

    private static double heapMb() {
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / (1024.0 * 1024.0);
    }

    private RenderBench() {}

    public static Result run(Device device, int threads, Consumer<String> log) {
        Path dir = TempDirs.create("render-bench");
        try (Trainer trainer = new Trainer(Preset.BENCH64.genome(), Preset.BENCH64.run(), device)) {
            RenderSettings base = new RenderSettings(10, 30, 4, 1024, 512, 1);
            // Warm-up: the first batches compile and allocate, the encoders' code is compiled.
            time(trainer, base.withSeconds(2), threads, dir);
            log.accept("render: 10 s of video at 512x256, 30 fps, " + threads + " encoder threads");
            LoopVideo.Result small = render(trainer, base.withSize(512, 256), threads, dir);
            log.accept(String.format(Locale.ROOT, "render: %.2fx real time; now 10 s at 1024x512", 10 / small.seconds()));
            double at1024 = time(trainer, base, threads, dir);
            double rss10 = NativeMemory.residentMb();
            double heap10 = heapMb();
            log.accept(String.format(Locale.ROOT, "render: %.2fx real time; now 60 s at 1024x512", 10 / at1024));
            double sixty = time(trainer, base.withSeconds(60), threads, dir);
            double rss60 = NativeMemory.residentMb();
            double heap60 = heapMb();
            log.accept(String.format(Locale.ROOT, "render: %.0f MB resident after 10 s, %.0f MB after 60 s; now 10 s at"
                    + " 1024x512 on one thread", rss10, rss60));
            double oneThread = time(trainer, base, 1, dir);
            log.accept(String.format(Locale.ROOT, "render: %.2fx faster on %d threads; now 10 s at 1920x1080",
                    oneThread / at1024, threads));
            double at1080 = time(trainer, base.withSize(1920, 1080), threads, dir);
            return new Result(10 / small.seconds(), small.inferenceSeconds() / small.seconds(), rss10, rss60,
                    small.seconds(), sixty, heap10, heap60, 10 / at1024, 10 / at1080, threads, oneThread / at1024,
                    at1024, oneThread, at1080);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TempDirs.delete(dir);
        }
    }

    private static LoopVideo.Result render(Trainer trainer, RenderSettings s, int threads, Path dir) throws IOException {
        return LoopVideo.render(trainer, s, dir.resolve("segments"), dir.resolve("out"), threads, n -> {}, () -> false);
    }

    private static double time(Trainer trainer, RenderSettings s, int threads, Path dir) throws IOException {
        return render(trainer, s, threads, dir).seconds();
    }
}
