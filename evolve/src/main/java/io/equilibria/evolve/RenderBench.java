package io.equilibria.evolve;

import ai.djl.Device;
import io.equilibria.config.Preset;
import io.equilibria.training.LoopVideo;
import io.equilibria.training.RenderSettings;
import io.equilibria.training.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code bench --render}: the video of the reference genome (bench64) at 512×256, 30 fps —
 * inference plus encoding against real time, and resident memory after a 10-second and a
 * 60-second render in the same process (streaming: the second must not need more).
 */
final class RenderBench {
    /**
     * @param realtimeRatio seconds of video per second of wall time for the 10-second render
     * @param inferenceFraction share of that wall time spent in the generators (the rest: scaling, encoding)
     */
    record Result(double realtimeRatio, double inferenceFraction, double rssMb10s, double rssMb60s,
            double seconds10, double seconds60, double heapMb10s, double heapMb60s) {}

    private static double heapMb() {
        return Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0);
    }

    private RenderBench() {}

    static Result run(Device device, Consumer<String> log) {
        Path dir = TempDirs.create("render-bench");
        try (Trainer trainer = new Trainer(Preset.BENCH64.genome(), Preset.BENCH64.run(), device)) {
            // Warm-up: the first batches compile and allocate.
            LoopVideo.render(trainer, new RenderSettings(1, 30, 4, 512, 256, 1), dir.resolve("warm.mp4"), null, n -> {});
            log.accept("render: 10 s of video at 512x256, 30 fps");
            LoopVideo.Result ten = LoopVideo.render(trainer, new RenderSettings(10, 30, 4, 512, 256, 1),
                    dir.resolve("ten.mp4"), null, n -> {});
            double rss10 = io.equilibria.training.NativeMemory.residentMb();
            double heap10 = heapMb();
            log.accept(String.format(java.util.Locale.ROOT, "render: %.2fx real time; now 60 s of video", 10 / ten.seconds()));
            LoopVideo.Result sixty = LoopVideo.render(trainer, new RenderSettings(60, 30, 4, 512, 256, 1),
                    dir.resolve("sixty.mp4"), null, n -> {});
            double rss60 = io.equilibria.training.NativeMemory.residentMb();
            return new Result(10 / ten.seconds(), ten.inferenceSeconds() / ten.seconds(), rss10, rss60, ten.seconds(),
                    sixty.seconds(), heap10, heapMb());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TempDirs.delete(dir);
        }
    }
}
