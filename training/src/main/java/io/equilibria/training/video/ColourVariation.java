package io.equilibria.training.video;

import io.equilibria.training.Rng;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A colour transform of the displayed pixels, applied to every frame of a loop: the series was
 * shown in many colour variations of one loop. Three kinds, each named by its parameters:
 * <ul>
 *   <li>{@code hue-D}: the hue turned by D degrees about the grey axis (the matrix of CSS's
 *       {@code hue-rotate}, which keeps greys grey and luminance about the same);</li>
 *   <li>{@code swap-XYZ}: the red, green and blue outputs take the source's X, Y and Z channels;</li>
 *   <li>{@code palette-C1-C2-C3}: the image's luminance mapped through a gradient from colour C1
 *       (dark) over C2 to C3 (light), a duotone-like palette map.</li>
 * </ul>
 * The variations of a render are drawn from its seed, so the same settings give the same set.
 */
public final class ColourVariation {
    private static final long STREAM = 6;
    private static final String[] SWAPS = {"rbg", "grb", "gbr", "brg", "bgr"};

    private final String name;
    private final String kind;
    private final Map<String, Object> parameters;
    private final int[] lut; // palette: the colour of each luminance level
    private final float[] matrix; // hue and swap: a 3 x 3 matrix on RGB

    private ColourVariation(String name, String kind, Map<String, Object> parameters, float[] matrix, int[] lut) {
        this.name = name;
        this.kind = kind;
        this.parameters = parameters;
        this.matrix = matrix;
        this.lut = lut;
    }

    /** The colours as they are. */
    public static final ColourVariation ORIGINAL = new ColourVariation("original", "original", Map.of(), null, null);

    /** The variation's name in file names and sheets ("original", "hue-120", ...). */
    public String name() {
        return name;
    }

    /** What the variation does, in a word (original, hue, ...). */
    public String kind() {
        return kind;
    }

    /** The parameters the name abbreviates, for the stored settings. */
    public Map<String, Object> parameters() {
        return parameters;
    }

    /** {@code n} variations of a render with seed {@code seed}: distinct names, kinds in turn. */
    public static List<ColourVariation> of(long seed, int n) {
        List<ColourVariation> out = new ArrayList<>(n);
        Set<String> names = new HashSet<>();
        RandomGenerator rng = Rng.of(seed, STREAM);
        for (int k = 0; out.size() < n; k++) {
            ColourVariation v = switch (k % 3) {
                case 0 -> hue(20 + rng.nextInt(321)); // 20..340: a visible turn
                case 1 -> swap(SWAPS[rng.nextInt(SWAPS.length)]);
                default -> palette(rng);
            };
            if (names.add(v.name)) {
                out.add(v);
            }
        }
        return out;
    }

    /** The hue turned by {@code degrees}. */
    static ColourVariation hue(int degrees) {
        double a = Math.toRadians(degrees);
        double c = Math.cos(a);
        double s = Math.sin(a);
        float[] m = {
            (float) (0.213 + c * 0.787 - s * 0.213), (float) (0.715 - c * 0.715 - s * 0.715), (float) (0.072 - c * 0.072 + s * 0.928),
            (float) (0.213 - c * 0.213 + s * 0.143), (float) (0.715 + c * 0.285 + s * 0.140), (float) (0.072 - c * 0.072 - s * 0.283),
            (float) (0.213 - c * 0.213 - s * 0.787), (float) (0.715 - c * 0.715 + s * 0.715), (float) (0.072 + c * 0.928 + s * 0.072),
        };
        return new ColourVariation("hue-" + degrees, "hue", Map.of("degrees", degrees), m, null);
    }

    /** Red, green and blue take the source channels named by {@code order} ({@code gbr}: red shows green). */
    static ColourVariation swap(String order) {
        float[] m = new float[9];
        for (int out = 0; out < 3; out++) {
            m[out * 3 + "rgb".indexOf(order.charAt(out))] = 1;
        }
        return new ColourVariation("swap-" + order, "swap", Map.of("order", order), m, null);
    }

    private static ColourVariation palette(RandomGenerator rng) {
        // Dark, middle and light stops: a hue each, the middle one most saturated.
        float h0 = rng.nextFloat();
        int dark = java.awt.Color.HSBtoRGB(h0, 0.6f + 0.4f * rng.nextFloat(), 0.08f + 0.17f * rng.nextFloat());
        int mid = java.awt.Color.HSBtoRGB((h0 + 0.15f + 0.7f * rng.nextFloat()) % 1, 0.6f + 0.4f * rng.nextFloat(),
                0.55f + 0.25f * rng.nextFloat());
        int light = java.awt.Color.HSBtoRGB(rng.nextFloat(), 0.1f + 0.3f * rng.nextFloat(), 0.9f + 0.1f * rng.nextFloat());
        return palette(dark & 0xFFFFFF, mid & 0xFFFFFF, light & 0xFFFFFF);
    }

    static ColourVariation palette(int dark, int mid, int light) {
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            double t = i / 255.0;
            lut[i] = t < 0.5 ? mixRgb(dark, mid, t * 2) : mixRgb(mid, light, (t - 0.5) * 2);
        }
        String name = String.format(Locale.ROOT, "palette-%06x-%06x-%06x", dark, mid, light);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dark", String.format(Locale.ROOT, "%06x", dark));
        p.put("middle", String.format(Locale.ROOT, "%06x", mid));
        p.put("light", String.format(Locale.ROOT, "%06x", light));
        return new ColourVariation(name, "palette", p, null, lut);
    }

    private static int mixRgb(int p, int q, double t) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int a = (p >> shift) & 0xff;
            int b = (q >> shift) & 0xff;
            out |= (int) Math.round(a + (b - a) * t) << shift;
        }
        return out;
    }

    /** Transforms {@code rgb} (0xRRGGBB pixels) into {@code out}; the original copies. */
    public void apply(int[] rgb, int[] out) {
        if (matrix == null && lut == null) {
            System.arraycopy(rgb, 0, out, 0, rgb.length);
            return;
        }
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            int r = (p >> 16) & 0xff;
            int g = (p >> 8) & 0xff;
            int b = p & 0xff;
            if (lut != null) {
                // BT.709 luminance weights, in 1/65536.
                out[i] = lut[(13933 * r + 46871 * g + 4732 * b + 32768) >> 16];
            } else {
                out[i] = (clip(matrix[0] * r + matrix[1] * g + matrix[2] * b) << 16)
                        | (clip(matrix[3] * r + matrix[4] * g + matrix[5] * b) << 8)
                        | clip(matrix[6] * r + matrix[7] * g + matrix[8] * b);
            }
        }
    }

    private static int clip(float v) {
        int i = Math.round(v);
        return i < 0 ? 0 : Math.min(i, 255);
    }

    @Override
    public String toString() {
        return name;
    }
}
