package io.equilibria.evolve;

import io.equilibria.training.RenderSettings;
import picocli.CommandLine.Option;

/** The video options {@code promote} and {@code render} share (the length is each one's own option). */
final class VideoOptions {
    @Option(names = "--fps", paramLabel = "N", defaultValue = "30", description = "Frames per second (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--keyframes", paramLabel = "K", defaultValue = "6",
            description = "Keyframe latents on the loop (default: ${DEFAULT-VALUE}).")
    int keyframes;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1024x512",
            description = "Size of the whole frame, A left and B right (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the keyframes (default: the genome's).")
    Long seed;

    static final String DEFAULT_SECONDS = "20";

    RenderSettings settings(double seconds, long defaultSeed) {
        int[] wh = RenderSettings.parseSize(size);
        return new RenderSettings(seconds, fps, keyframes, wh[0], wh[1], seed == null ? defaultSeed : seed);
    }
}
