package io.equilibria.evolve.cli;

import io.equilibria.config.ConfigException;
import io.equilibria.training.video.Layout;
import io.equilibria.training.video.RenderSettings;
import picocli.CommandLine.Option;

/** The video options {@code promote} and {@code render} share (the length is each one's own option). */
public final class VideoOptions {
    @Option(names = "--fps", paramLabel = "N", defaultValue = "30", description = "Frames per second (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--keyframes", paramLabel = "K", defaultValue = "6",
            description = "Keyframe latents on the loop (default: ${DEFAULT-VALUE}).")
    int keyframes;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1024x512",
            description = "Size of the whole frame, for example 1920x1080 or 3840x2160 (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--layout", paramLabel = "L", defaultValue = "side",
            description = "side (A left, B right), stack (A above B), a or b (one alone); each picture is a square as"
                    + " large as its half allows (default: ${DEFAULT-VALUE}).")
    String layout;

    @Option(names = "--gap", paramLabel = "PX", defaultValue = "0",
            description = "Pixels between A and B (default: ${DEFAULT-VALUE}).")
    int gap;

    @Option(names = "--background", paramLabel = "RRGGBB", defaultValue = "000000",
            description = "Colour around and between the pictures (default: ${DEFAULT-VALUE}).")
    String background;

    @Option(names = "--quality", paramLabel = "Q", defaultValue = "" + RenderSettings.DEFAULT_QUALITY,
            description = "H.264 quantiser from 10 (near lossless, large) to 51 (small, blocky); each 6 halves or"
                    + " doubles the size (default: ${DEFAULT-VALUE}).")
    int quality;

    @Option(names = "--variations", paramLabel = "N", defaultValue = "0",
            description = "Also N colour variations of the loop (hue turns, channel swaps, palette maps, drawn from the"
                    + " seed), rendered in the same pass (default: ${DEFAULT-VALUE}).")
    int variations;

    @Option(names = "--threads", paramLabel = "N",
            description = "The video's encoders in parallel (default: the cores); the video is the same"
                    + " whatever the number.")
    Integer threads;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the keyframes and variations (default: the genome's).")
    Long seed;

    static final String DEFAULT_SECONDS = "20";

    RenderSettings settings(double seconds, long defaultSeed) {
        int[] wh = RenderSettings.parseSize(size);
        return new RenderSettings(seconds, fps, keyframes, wh[0], wh[1], seed == null ? defaultSeed : seed,
                Layout.parse(layout), gap, RenderSettings.parseColour(background), quality, variations);
    }

    /** The encoder threads asked for, else the cores. */
    int threads() {
        return encoderThreads(threads);
    }

    /** Encoder threads from a {@code --threads} option (null: the cores), checked. */
    static int encoderThreads(Integer asked) {
        if (asked == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (asked < 1 || asked > 1024) {
            throw new ConfigException("--threads", asked + " is not between 1 and 1024");
        }
        return asked;
    }
}
