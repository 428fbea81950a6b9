package io.equilibria.training;

/**
 * The one mapping from a generator's output to what a person sees. Sheets, thumbnails, the video,
 * and every measurement of the judging (descriptors, verdicts) go through it, so that what is
 * judged is what is shown: an output value v is clipped to [-1, 1] and mapped linearly to [0, 1]
 * (NaN shows as black, as the lowest value). The mapping is fixed, not normalised per image or per
 * training, so that a video does not flicker and two finds compare by their real colours.
 */
public final class Display {
    private Display() {}

    /** The displayed intensity of output value {@code v}, in [0, 1]. */
    public static double unit(float v) {
        if (!(v > -1f)) { // also NaN
            return 0;
        }
        return v >= 1f ? 1 : (v + 1) / 2.0;
    }

    /** The displayed 8-bit value of output value {@code v}, in [0, 255]. */
    public static int toByte(float v) {
        if (!(v > -1f)) {
            return 0;
        }
        return v >= 1f ? 255 : Math.round((v + 1f) * 127.5f);
    }

    /** Whether {@code v} shows as a clipped extreme (0 or 255, or within half a level of them). */
    public static boolean clipped(float v) {
        int b = toByte(v);
        return b <= 0 || b >= 255;
    }
}
