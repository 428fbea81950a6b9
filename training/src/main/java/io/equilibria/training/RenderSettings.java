package io.equilibria.training;

import io.equilibria.config.ConfigException;

/**
 * How a promoted find is rendered as a looping video.
 *
 * @param seconds length of the loop
 * @param fps frames per second
 * @param keyframes latents on the closed loop the video travels through
 * @param width width of the whole frame (A on the left half, B on the right), even
 * @param height height of the frame, even
 * @param seed seed of the keyframe latents
 */
public record RenderSettings(double seconds, int fps, int keyframes, int width, int height, long seed) {
    public static final int DEFAULT_FPS = 30;

    /** Checks every field, naming the option a bad value came from. */
    public RenderSettings {
        if (!(seconds > 0) || seconds > 24 * 3600) {
            throw new ConfigException("--seconds", seconds + " is not a length between 0 (excluded) and 24 hours");
        }
        if (fps < 1 || fps > 240) {
            throw new ConfigException("--fps", fps + " is not between 1 and 240");
        }
        if (keyframes < 2 || keyframes > 10_000) {
            throw new ConfigException("--keyframes", keyframes + " is not between 2 and 10000");
        }
        if (width < 16 || height < 16 || width > 7680 || height > 4320) {
            throw new ConfigException("--size", width + "x" + height + " is not between 16x16 and 7680x4320");
        }
        if (width % 4 != 0 || height % 2 != 0) {
            throw new ConfigException("--size", width + "x" + height + ": H.264 needs an even height and a width"
                    + " divisible by 4 (two even halves, A and B)");
        }
    }

    /** Frames in the loop. */
    public int frames() {
        return (int) Math.max(1, Math.round(seconds * fps));
    }

    /** Reads {@code WxH}. */
    public static int[] parseSize(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException("--size", "\"" + text + "\" is not WIDTHxHEIGHT, for example 1024x512");
    }
}
