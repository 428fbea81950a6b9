package io.equilibria.training.video;

import io.equilibria.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How a promoted find is rendered as a looping video. Everything here decides the pictures, and
 * two equal settings give the same bytes (the number of threads that encode them is not a setting:
 * it changes the time, not the result).
 *
 * @param seconds length of the loop
 * @param fps frames per second
 * @param keyframes latents on the closed loop the video travels through
 * @param width width of the whole frame in pixels, even
 * @param height height of the frame in pixels, even
 * @param seed seed of the keyframe latents and of the colour variations
 * @param layout where A and B sit
 * @param gap pixels between A's and B's cells (side and stack layouts)
 * @param background the colour around and between the pictures, 0xRRGGBB
 * @param quality H.264 quantiser, 10 (near lossless, large) to 51 (small, blocky)
 * @param variations colour variations rendered beside the original loop, 0 to {@link #MAX_VARIATIONS}
 */
public record RenderSettings(double seconds, int fps, int keyframes, int width, int height, long seed,
        Layout layout, int gap, int background, int quality, int variations) {
    public static final int DEFAULT_FPS = 30;
    /** The default quantiser: soft colour fields show no blocks at this level, at a few Mbit/s. */
    public static final int DEFAULT_QUALITY = 26;
    /** The series was released as 180 colour variations of each experiment. */
    public static final int MAX_VARIATIONS = 180;

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
        if (width % 2 != 0 || height % 2 != 0) {
            throw new ConfigException("--size", width + "x" + height + ": H.264 (4:2:0) needs an even width and height");
        }
        if (layout == null) {
            throw new ConfigException("--layout", "missing");
        }
        if (gap < 0 || gap > Math.min(width, height) / 4) {
            throw new ConfigException("--gap", gap + " is not between 0 and a quarter of the frame's shorter side ("
                    + Math.min(width, height) / 4 + ")");
        }
        if (background < 0 || background > 0xFFFFFF) {
            throw new ConfigException("--background", String.format(Locale.ROOT, "%x is not a colour RRGGBB", background));
        }
        if (quality < 10 || quality > 51) {
            throw new ConfigException("--quality", quality + " is not between 10 (best) and 51 (smallest)");
        }
        if (variations < 0 || variations > MAX_VARIATIONS) {
            throw new ConfigException("--variations", variations + " is not between 0 and " + MAX_VARIATIONS);
        }
    }

    /** A side-by-side loop, no gap, black background, the default quality, no variations. */
    public RenderSettings(double seconds, int fps, int keyframes, int width, int height, long seed) {
        this(seconds, fps, keyframes, width, height, seed, Layout.SIDE, 0, 0, DEFAULT_QUALITY, 0);
    }

    /** Frames in the loop. */
    public int frames() {
        return (int) Math.max(1, Math.round(seconds * fps));
    }

    /** Videos made: the original loop and its variations. */
    public int videos() {
        return 1 + variations;
    }

    /** The same render with {@code n} colour variations (the original counts as one). */
    public RenderSettings withVariations(int n) {
        return new RenderSettings(seconds, fps, keyframes, width, height, seed, layout, gap, background, quality, n);
    }

    /** The same render at {@code w} x {@code h} pixels. */
    public RenderSettings withSize(int w, int h) {
        return new RenderSettings(seconds, fps, keyframes, w, h, seed, layout, gap, background, quality, variations);
    }

    /** The same render {@code s} seconds long. */
    public RenderSettings withSeconds(double s) {
        return new RenderSettings(s, fps, keyframes, width, height, seed, layout, gap, background, quality, variations);
    }

    /**
     * A short name of everything that decides the pictures: finished segments of a render are kept
     * under it, so that only a render with the same settings continues from them.
     */
    public String fingerprint() {
        String canonical = String.format(Locale.ROOT, "%s|%d|%d|%d|%d|%d|%s|%d|%06x|%d|%d|segment=%d",
                Double.toString(seconds), fps, keyframes, width, height, seed, layout, gap, background, quality,
                variations, LoopVideo.SEGMENT);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@code WxH}. */
    public static int[] parseSize(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException("--size", "\"" + text + "\" is not WIDTHxHEIGHT, for example 1920x1080");
    }

    /** Reads a colour {@code RRGGBB} (with or without a leading {@code #}). */
    public static int parseColour(String text) {
        String hex = text.trim().startsWith("#") ? text.trim().substring(1) : text.trim();
        if (hex.length() == 6) {
            try {
                return Integer.parseInt(hex, 16);
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new ConfigException("--background", "\"" + text + "\" is not a colour RRGGBB, for example 101010");
    }
}
