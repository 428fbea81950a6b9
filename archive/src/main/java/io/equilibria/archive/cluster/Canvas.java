package io.equilibria.archive.cluster;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size of a cluster's canvas: {@code auto} (thumbnails at their own size, about square), or a
 * print size such as {@code 11x11in} at a resolution in dots per inch, or pixels ({@code 3300x3300px}).
 *
 * @param width pixels, or 0 for auto
 * @param height pixels, or 0 for auto
 * @param dpi dots per inch written into the PNG (0: none)
 */
public record Canvas(int width, int height, int dpi) {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)x(\\d+(?:\\.\\d+)?)(in|cm|px)");
    private static final int MAX_SIDE = 30_000;

    public static final Canvas AUTO = new Canvas(0, 0, 0);

    public boolean automatic() {
        return width == 0;
    }

    /** Reads {@code --canvas} and {@code --dpi}. */
    public static Canvas parse(String text, int dpi) {
        if (dpi < 10 || dpi > 2400) {
            throw new IllegalArgumentException("--dpi: " + dpi + " is not between 10 and 2400");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return AUTO;
        }
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("--canvas: \"" + text + "\" is not auto or a size like 11x11in, 28x28cm"
                    + " or 3300x3300px");
        }
        double w = Double.parseDouble(m.group(1));
        double h = Double.parseDouble(m.group(2));
        double perUnit = switch (m.group(3)) {
            case "in" -> dpi;
            case "cm" -> dpi / 2.54;
            default -> 1;
        };
        int width = (int) Math.round(w * perUnit);
        int height = (int) Math.round(h * perUnit);
        if (width < 64 || height < 64 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("--canvas: " + text + " at " + dpi + " dpi is " + width + "x" + height
                    + " pixels; each side must be between 64 and " + MAX_SIDE);
        }
        return new Canvas(width, height, m.group(3).equals("px") ? 0 : dpi);
    }
}
