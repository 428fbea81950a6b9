package io.equilibria.archive.browse;

import java.util.List;
import java.util.Locale;

/**
 * A scatter plot as inline SVG whose points link to their entries (a chart image cannot). Every
 * text that comes from the archive goes through {@link #escape}.
 */
final class Scatter {
    /** One point: where, its colour, whether to ring it, where it links and its tooltip. */
    record Point(double x, double y, String colour, boolean ringed, String href, String title) {}

    private static final int W = 900;
    private static final int H = 560;
    private static final int PAD = 52;

    private Scatter() {}

    static String svg(List<Point> points, String xLabel, String yLabel) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            minX = Math.min(minX, p.x());
            maxX = Math.max(maxX, p.x());
            minY = Math.min(minY, p.y());
            maxY = Math.max(maxY, p.y());
        }
        if (points.isEmpty()) {
            minX = minY = 0;
            maxX = maxY = 1;
        }
        double spanX = maxX - minX == 0 ? 1 : maxX - minX;
        double spanY = maxY - minY == 0 ? 1 : maxY - minY;
        StringBuilder s = new StringBuilder(128 + 160 * points.size());
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
                + " width=\"%d\" style=\"max-width:100%%;background:#1b1b1e\" class=\"scatter\">", W, H, W));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#2c2c31\"/>", PAD, PAD / 2, W - PAD - PAD / 2, H - PAD - PAD / 2));
        for (int t = 0; t <= 4; t++) {
            double fx = minX + spanX * t / 4;
            double fy = minY + spanY * t / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#9a9aa2\" font-size=\"11\""
                    + " text-anchor=\"middle\">%.3g</text>", x(fx, minX, spanX), H - PAD + 16, fx));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#9a9aa2\" font-size=\"11\""
                    + " text-anchor=\"end\">%.3g</text>", PAD - 6, y(fy, minY, spanY) + 4, fy));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#e6e6e6\" font-size=\"13\""
                + " text-anchor=\"middle\">%s</text>", W / 2, H - 10, escape(xLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" fill=\"#e6e6e6\" font-size=\"13\""
                + " text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>", H / 2, H / 2, escape(yLabel)));
        for (Point p : points) {
            s.append(String.format(Locale.ROOT, "<a href=\"%s\"><title>%s</title><circle cx=\"%.1f\" cy=\"%.1f\""
                    + " r=\"%s\" fill=\"%s\" fill-opacity=\"0.85\"%s/></a>", escape(p.href()), escape(p.title()),
                    x(p.x(), minX, spanX), y(p.y(), minY, spanY), p.ringed() ? "5.5" : "3.5", escape(p.colour()),
                    p.ringed() ? " stroke=\"#f0b34a\" stroke-width=\"2\"" : ""));
        }
        return s.append("</svg>").toString();
    }

    private static double x(double v, double min, double span) {
        return PAD + 8 + (v - min) / span * (W - PAD - PAD / 2 - 16);
    }

    private static double y(double v, double min, double span) {
        return H - PAD - 8 - (v - min) / span * (H - PAD - PAD / 2 - 16);
    }

    /** Text made safe for HTML and SVG, in content and in quoted attributes (the templates' own escaper). */
    static String escape(String text) {
        return com.samskivert.mustache.Escapers.HTML.escape(text);
    }
}
