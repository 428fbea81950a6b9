package io.equilibria.archive.cluster;

import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Preference;
import io.equilibria.archive.Query;
import io.equilibria.archive.Row;
import io.equilibria.archive.Sort;
import io.equilibria.config.Side;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A MAP-Elites-style picture of the living finds: a grid over two behaviour descriptor features,
 * each cell holding its best find (by the combined score, or by the predicted preference), empty
 * cells shown as such, and the coverage (the share of cells with a find).
 *
 * @param x the feature along the columns
 * @param y the feature along the rows (highest at the top)
 * @param bins cells per axis
 * @param xRange the lowest and highest value of {@code x} among the finds
 * @param yRange the same for {@code y}
 * @param cells the best find's id per cell, [row][column] from the top, or null
 * @param finds living finds placed
 */
public record BehaviourMap(String x, String y, int bins, double[] xRange, double[] yRange, String[][] cells,
        int finds) {
    public static final int DEFAULT_BINS = 10;
    /** Living finds read at most, the best by combined score. */
    public static final int LIMIT = 20_000;

    /** What a cell's best find is best by. */
    public enum By {
        SCORE, PREFERENCE;

        public static By parse(String s) {
            return s == null || s.isBlank() || s.equalsIgnoreCase("score") ? SCORE
                    : s.equalsIgnoreCase("preference") ? PREFERENCE : null;
        }
    }

    /** Share of cells holding a find, in [0, 1]. */
    public double coverage() {
        int filled = 0;
        for (String[] row : cells) {
            for (String c : row) {
                filled += c == null ? 0 : 1;
            }
        }
        return filled / (double) (bins * bins);
    }

    public int filled() {
        return (int) Math.round(coverage() * bins * bins);
    }

    /**
     * A living find as a map needs it: no JSON is read for it.
     *
     * @param score its combined score ({@link Entry#combinedScore()})
     */
    public record Find(String id, Map<String, Double> descriptor, double score, io.equilibria.archive.Status status) {}

    /** The living finds of {@code archive} with descriptors, best first (listing rows and the behaviour map only). */
    public static List<Find> livingFinds(ArchiveView archive) {
        Map<String, Map<String, Double>> behaviours = archive.behaviours();
        List<Find> out = new ArrayList<>();
        for (Row r : archive.rows(new Query(Sort.SCORE, false, null, null, "alive", 0, LIMIT)).rows()) {
            Map<String, Double> d = behaviours.get(r.id());
            if (d != null && !d.isEmpty()) {
                out.add(new Find(r.id(), d, Entry.combinedScore(r.stability(), true, r.novelty()), r.status()));
            }
        }
        return out;
    }

    /**
     * @param finds living finds with descriptors, best first by combined score
     * @param preference the model to rank cells by with {@link By#PREFERENCE} (else ignored; may be null)
     * @throws IllegalArgumentException naming an unknown feature
     */
    public static BehaviourMap of(List<Find> finds, String x, String y, int bins, By by, Preference preference) {
        if (!finds.isEmpty()) {
            for (String f : List.of(x, y)) {
                if (!finds.getFirst().descriptor().containsKey(f)) {
                    throw new IllegalArgumentException("\"" + f + "\" is not a descriptor feature (there are "
                            + String.join(", ", finds.getFirst().descriptor().keySet()) + ")");
                }
            }
        }
        double[] xr = range(finds, x);
        double[] yr = range(finds, y);
        String[][] cells = new String[bins][bins];
        double[][] best = new double[bins][bins];
        List<String> features = finds.isEmpty() ? List.of() : List.copyOf(finds.getFirst().descriptor().keySet());
        for (Find e : finds) {
            double value = by == By.PREFERENCE && preference != null
                    ? preference.predict(Preference.vector(e.descriptor(), features)) : e.score();
            int col = bin(e.descriptor().get(x), xr, bins);
            int row = bins - 1 - bin(e.descriptor().get(y), yr, bins);
            if (cells[row][col] == null || value > best[row][col]) {
                cells[row][col] = e.id();
                best[row][col] = value;
            }
        }
        return new BehaviourMap(x, y, bins, xr, yr, cells, finds.size());
    }

    private static double[] range(List<Find> finds, String f) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Find e : finds) {
            double v = e.descriptor().get(f);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return finds.isEmpty() ? new double[] {0, 1} : new double[] {lo, hi};
    }

    private static int bin(double v, double[] range, int bins) {
        if (!(range[1] > range[0])) {
            return 0;
        }
        return Math.min(bins - 1, Math.max(0, (int) ((v - range[0]) / (range[1] - range[0]) * bins)));
    }

    /** The map as a picture: A|B thumbnails in their cells, empty cells dark, axes labelled, the coverage. */
    public BufferedImage picture(ArchiveView archive, int cell) {
        int margin = 60;
        int w = margin + bins * cell + 10;
        int h = 30 + bins * (cell / 2) + margin;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(new Color(0x141416));
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.WHITE);
        g.drawString(String.format(Locale.ROOT, "%s × %s: %d of %d cells filled (%.0f%%), %d living finds", x, y,
                filled(), bins * bins, 100 * coverage(), finds), margin, 18);
        for (int r = 0; r < bins; r++) {
            for (int c = 0; c < bins; c++) {
                int px = margin + c * cell;
                int py = 30 + r * (cell / 2);
                g.setColor(new Color(0x222226));
                g.fillRect(px + 1, py + 1, cell - 2, cell / 2 - 2);
                String id = cells[r][c];
                if (id != null) {
                    BufferedImage a = image(archive, id, Side.A);
                    BufferedImage b = image(archive, id, Side.B);
                    if (a != null) {
                        g.drawImage(a, px + 1, py + 1, cell / 2 - 1, cell / 2 - 2, null);
                    }
                    if (b != null) {
                        g.drawImage(b, px + cell / 2, py + 1, cell / 2 - 1, cell / 2 - 2, null);
                    }
                }
            }
        }
        g.setColor(new Color(0xaaaaaa));
        int bottom = 30 + bins * (cell / 2);
        g.drawString(String.format(Locale.ROOT, "%.3g", xRange[0]), margin, bottom + 16);
        g.drawString(String.format(Locale.ROOT, "%.3g", xRange[1]), margin + bins * cell - 40, bottom + 16);
        g.drawString(x + " →", margin + bins * cell / 2 - 40, bottom + 34);
        g.drawString(String.format(Locale.ROOT, "%.3g", yRange[1]), 4, 44);
        g.drawString(String.format(Locale.ROOT, "%.3g", yRange[0]), 4, bottom - 4);
        g.drawString(y + " ↑", 4, bottom + 34);
        g.dispose();
        return img;
    }

    private static BufferedImage image(ArchiveView archive, String id, Side side) {
        return archive.thumbnail(id, side).map(bytes -> {
            try {
                return ImageIO.read(new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(null);
    }
}
