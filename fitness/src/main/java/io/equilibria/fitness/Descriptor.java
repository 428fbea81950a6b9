package io.equilibria.fitness;

import io.equilibria.training.ProbeImages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The behaviour descriptor of an ensemble: measurements of A's and B's final fixed-probe outputs
 * (as a sheet shows them) and of their difference. Names are stable: stored descriptors are
 * compared by name.
 */
public final class Descriptor {
    /** Features measured for each generator, prefixed {@code a_} and {@code b_}. */
    public static final List<String> PER_GENERATOR = List.of("brightness", "contrast", "colourfulness",
            "hue_red", "hue_yellow", "hue_green", "hue_cyan", "hue_blue", "hue_magenta", "spectral_slope",
            "edge_density", "symmetry_h", "symmetry_v", "diversity", "saturation");

    /** All feature names, in order. */
    public static final List<String> NAMES;

    static {
        List<String> names = new ArrayList<>();
        for (String g : new String[] {"a_", "b_"}) {
            PER_GENERATOR.forEach(f -> names.add(g + f));
        }
        names.add("ab_difference");
        NAMES = Collections.unmodifiableList(names);
    }

    /**
     * What each per-generator feature describes: its tone, colour, structure or symmetry. Novelty
     * weighs these facets alike, however many features measure each (see {@link #facetWeights}).
     */
    static String facet(String perGenerator) {
        return switch (perGenerator) {
            case "brightness", "contrast" -> "tone";
            case "colourfulness", "saturation", "hue_red", "hue_yellow", "hue_green", "hue_cyan", "hue_blue",
                    "hue_magenta" -> "colour";
            case "symmetry_h", "symmetry_v" -> "symmetry";
            default -> "structure";
        };
    }

    /**
     * A weight per feature of {@link #NAMES} such that each facet (A's tone, colour, structure and
     * symmetry, B's, and the A–B difference: nine) counts alike in a distance between standardised
     * descriptors, whatever number of features measures it: w = sqrt(n / (facets × size of the
     * feature's facet)), so that the squares still sum to n and distances keep their scale. Counted
     * feature by feature, colour (8 of A's 15) outweighed composition: in a discovery run 17 of the
     * last 19 individuals had a fourfold sine A, and the search went on varying palettes.
     */
    public static double[] facetWeights() {
        String[] facets = new String[NAMES.size()];
        Map<String, Integer> size = new LinkedHashMap<>();
        for (int i = 0; i < facets.length; i++) {
            String name = NAMES.get(i);
            facets[i] = name.equals("ab_difference") ? name : name.substring(0, 2) + facet(name.substring(2));
            size.merge(facets[i], 1, Integer::sum);
        }
        double[] w = new double[facets.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.sqrt(w.length / (double) (size.size() * size.get(facets[i])));
        }
        return w;
    }

    private Descriptor() {}

    /** The descriptor of a training's final probes: every feature of {@link #NAMES}, in that order, finite. */
    public static Map<String, Double> of(ProbeImages probes) {
        Map<String, Double> d = new LinkedHashMap<>();
        Pictures a = Pictures.of(probes.a(), probes.count(), probes.resolution());
        Pictures b = Pictures.of(probes.b(), probes.count(), probes.resolution());
        measure(a, "a_", d);
        measure(b, "b_", d);
        double diff = 0;
        int plane = probes.resolution() * probes.resolution();
        for (int i = 0; i < probes.count(); i++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < plane; p++) {
                    diff += Math.abs(a.value(i, c, p) - b.value(i, c, p));
                }
            }
        }
        d.put("ab_difference", diff / (probes.count() * 3.0 * plane));
        return d;
    }

    private static void measure(Pictures pic, String prefix, Map<String, Double> d) {
        int r = pic.resolution();
        int plane = r * r;
        double lumSum = 0;
        double lumSq = 0;
        double rgSum = 0;
        double rgSq = 0;
        double ybSum = 0;
        double ybSq = 0;
        double[] hues = new double[6];
        double edges = 0;
        double symH = 0;
        double symV = 0;
        int n = pic.count() * plane;
        for (int i = 0; i < pic.count(); i++) {
            double[] l = pic.luminance(i);
            for (int p = 0; p < plane; p++) {
                double red = pic.value(i, 0, p);
                double green = pic.value(i, 1, p);
                double blue = pic.value(i, 2, p);
                lumSum += l[p];
                lumSq += l[p] * l[p];
                double rg = red - green;
                double yb = 0.5 * (red + green) - blue;
                rgSum += rg;
                rgSq += rg * rg;
                ybSum += yb;
                ybSq += yb * yb;
                double max = Math.max(red, Math.max(green, blue));
                double min = Math.min(red, Math.min(green, blue));
                double chroma = max - min;
                if (chroma > 1e-6) {
                    double h;
                    if (max == red) {
                        h = ((green - blue) / chroma + 6) % 6;
                    } else if (max == green) {
                        h = (blue - red) / chroma + 2;
                    } else {
                        h = (red - green) / chroma + 4;
                    }
                    hues[Math.min(5, (int) Math.floor(h + 0.5) % 6)] += chroma;
                }
                int x = p % r;
                int y = p / r;
                symH += Math.abs(l[p] - l[y * r + (r - 1 - x)]);
                symV += Math.abs(l[p] - l[(r - 1 - y) * r + x]);
                if (x > 0 && y > 0 && x < r - 1 && y < r - 1) {
                    double gx = l[p - r + 1] + 2 * l[p + 1] + l[p + r + 1] - l[p - r - 1] - 2 * l[p - 1] - l[p + r - 1];
                    double gy = l[p + r - 1] + 2 * l[p + r] + l[p + r + 1] - l[p - r - 1] - 2 * l[p - r] - l[p - r + 1];
                    if (Math.sqrt(gx * gx + gy * gy) > 0.25) {
                        edges++;
                    }
                }
            }
        }
        double lumMean = lumSum / n;
        double rgMean = rgSum / n;
        double ybMean = ybSum / n;
        double rgStd = Math.sqrt(Math.max(0, rgSq / n - rgMean * rgMean));
        double ybStd = Math.sqrt(Math.max(0, ybSq / n - ybMean * ybMean));
        double hueTotal = 0;
        for (double h : hues) {
            hueTotal += h;
        }
        int interior = pic.count() * Math.max(1, (r - 2) * (r - 2));
        double slope = pic.spectralSlope();
        double diversity = pic.diversity();
        d.put(prefix + "brightness", lumMean);
        d.put(prefix + "contrast", Math.sqrt(Math.max(0, lumSq / n - lumMean * lumMean)));
        d.put(prefix + "colourfulness", Math.sqrt(rgStd * rgStd + ybStd * ybStd)
                + 0.3 * Math.sqrt(rgMean * rgMean + ybMean * ybMean));
        String[] hueNames = {"hue_red", "hue_yellow", "hue_green", "hue_cyan", "hue_blue", "hue_magenta"};
        for (int h = 0; h < 6; h++) {
            d.put(prefix + hueNames[h], hueTotal > 0 ? hues[h] / hueTotal : 1.0 / 6);
        }
        d.put(prefix + "spectral_slope", Double.isNaN(slope) ? 0 : slope);
        d.put(prefix + "edge_density", edges / interior);
        d.put(prefix + "symmetry_h", 1 - symH / n);
        d.put(prefix + "symmetry_v", 1 - symV / n);
        d.put(prefix + "diversity", Double.isNaN(diversity) ? 0 : diversity);
        d.put(prefix + "saturation", pic.saturation());
    }

    /** A stored descriptor as a vector in {@link #NAMES} order (missing features are 0). */
    public static double[] vector(Map<String, Double> descriptor) {
        double[] v = new double[NAMES.size()];
        for (int i = 0; i < v.length; i++) {
            Double x = descriptor.get(NAMES.get(i));
            v[i] = x == null || !Double.isFinite(x) ? 0 : x;
        }
        return v;
    }
}
