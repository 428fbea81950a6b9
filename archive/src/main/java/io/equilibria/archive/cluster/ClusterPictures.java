package io.equilibria.archive.cluster;

import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Clustering;
import io.equilibria.config.Json;
import io.equilibria.config.Side;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * What {@code equilibria cluster} writes: the silhouette by k, the PCA scatter in 2-D and 3-D (three
 * planes), the cumulative explained variance (PNG, drawn with JFreeChart), one canvas per cluster
 * (a contact sheet of its members' A|B thumbnails), {@code clusters.csv} and {@code clustering.json}.
 */
public final class ClusterPictures {
    /** Distinct colours for clusters (Tableau 20 order): cluster c gets COLOURS[c % 20]. */
    static final Color[] COLOURS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
        new Color(0xaec7e8), new Color(0xffbb78), new Color(0x98df8a), new Color(0xff9896), new Color(0xc5b0d5),
        new Color(0xc49c94), new Color(0xf7b6d2), new Color(0xc7c7c7), new Color(0xdbdb8d), new Color(0x9edae5)};
    /** A thumbnail pair is never drawn narrower than this on a print canvas: more members split it. */
    static final int MIN_PAIR_WIDTH = 256;
    /** An automatic canvas holds at most this many members. */
    static final int AUTO_MAX = 200;
    private static final int THUMB = 128;

    private ClusterPictures() {}

    /** The colour of cluster {@code label} in every plot and page. */
    public static Color colour(int label) {
        return COLOURS[Math.floorMod(label, COLOURS.length)];
    }

    /** Writes every output into {@code out} (created) and returns the files written. */
    public static List<Path> write(ArchiveView archive, ClusterAnalysis.Result result, Canvas canvas, Path out,
            Consumer<String> log) {
        try {
            Files.createDirectories(out);
            List<Path> written = new ArrayList<>();
            Clustering c = result.clustering();
            if (c.silhouetteByK().size() > 1) {
                written.add(chart(out.resolve("silhouette.png"), silhouette(c), 800, 500));
            }
            written.add(chart(out.resolve("explained-variance.png"), explained(c), 800, 500));
            written.add(chart(out.resolve("pca-2d.png"), scatter(result, 0, 1, "PCA: clusters on the first two components"),
                    900, 700));
            if (result.coordinates()[0].length >= 3) {
                written.add(pca3d(out.resolve("pca-3d.png"), result));
            }
            written.addAll(canvases(archive, result, canvas, out, log));
            written.add(csv(out.resolve("clusters.csv"), result));
            Path json = out.resolve("clustering.json");
            Files.writeString(json, Json.pretty(c));
            written.add(json);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + out + ": " + e.getMessage(), e);
        }
    }

    private static Path chart(Path file, JFreeChart chart, int width, int height) throws IOException {
        ImageIO.write(image(chart, width, height), "png", file.toFile());
        return file;
    }

    /** A chart drawn on a picture of its own. */
    public static BufferedImage image(JFreeChart chart, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        g.dispose();
        return image;
    }

    /** A picture as PNG bytes. */
    public static byte[] png(BufferedImage image) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static JFreeChart silhouette(Clustering c) {
        XYSeries series = new XYSeries("silhouette");
        c.silhouetteByK().forEach((k, s) -> series.add(k.doubleValue(), Double.isNaN(s) ? 0 : s));
        JFreeChart chart = ChartFactory.createXYLineChart(String.format(Locale.ROOT,
                "Silhouette by k (chosen: k = %d, %.3f)", c.k(), c.silhouette()), "k (clusters)", "mean silhouette",
                new XYSeriesCollection(series), PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, COLOURS[0]);
        plot.setRenderer(renderer);
        plot.addDomainMarker(new ValueMarker(c.k(), COLOURS[3], new BasicStroke(1.5f)));
        plot.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static JFreeChart explained(Clustering c) {
        XYSeries series = new XYSeries("cumulative");
        for (int i = 0; i < c.cumulativeVariance().size(); i++) {
            series.add(i + 1, c.cumulativeVariance().get(i));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(String.format(Locale.ROOT,
                "Explained variance (70%% with %d components)", c.componentsFor70()), "principal components",
                "cumulative explained variance", new XYSeriesCollection(series), PlotOrientation.VERTICAL, false, false,
                false);
        XYPlot plot = chart.getXYPlot();
        plot.getRangeAxis().setRange(0, 1.02);
        plot.addRangeMarker(new ValueMarker(0.7, COLOURS[3], new BasicStroke(1.5f)));
        plot.addDomainMarker(new ValueMarker(c.componentsFor70(), COLOURS[7], new BasicStroke(1f)));
        plot.getRenderer().setSeriesPaint(0, COLOURS[0]);
        plot.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static JFreeChart scatter(ClusterAnalysis.Result r, int x, int y, String title) {
        XYSeriesCollection data = new XYSeriesCollection();
        int k = r.clustering().k();
        for (int c = 0; c < k; c++) {
            data.addSeries(new XYSeries("cluster " + c, false, true));
        }
        for (int i = 0; i < r.labels().length; i++) {
            double[] p = r.coordinates()[i];
            data.getSeries(r.labels()[i]).add(p[x], p.length > y ? p[y] : 0);
        }
        JFreeChart chart = ChartFactory.createScatterPlot(title, "PC" + (x + 1), "PC" + (y + 1), data,
                PlotOrientation.VERTICAL, k <= 20, false, false);
        XYPlot plot = chart.getXYPlot();
        for (int c = 0; c < k; c++) {
            plot.getRenderer().setSeriesPaint(c, COLOURS[c % COLOURS.length]);
            plot.getRenderer().setSeriesShape(c, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        plot.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** The 3-D projection as its three planes side by side. */
    private static Path pca3d(Path file, ClusterAnalysis.Result r) throws IOException {
        int w = 600;
        int h = 560;
        BufferedImage image = new BufferedImage(3 * w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int[][] planes = {{0, 1}, {0, 2}, {1, 2}};
        for (int p = 0; p < 3; p++) {
            scatter(r, planes[p][0], planes[p][1], "PC" + (planes[p][0] + 1) + " × PC" + (planes[p][1] + 1))
                    .draw(g, new Rectangle2D.Double(p * w, 0, w, h));
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static Path csv(Path file, ClusterAnalysis.Result r) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,cluster,pc1,pc2,pc3\n");
            for (int i = 0; i < r.ids().size(); i++) {
                double[] p = r.coordinates()[i];
                out.write(String.format(Locale.ROOT, "%s,%d,%.6g,%.6g,%.6g%n", r.ids().get(i), r.labels()[i],
                        p[0], p.length > 1 ? p[1] : 0, p.length > 2 ? p[2] : 0));
            }
        }
        return file;
    }

    /** One canvas per cluster (several when its members do not fit one), as in the seed's 11x11 in frames. */
    private static List<Path> canvases(ArchiveView archive, ClusterAnalysis.Result r, Canvas canvas, Path out,
            Consumer<String> log) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> cluster : r.clustering().members().entrySet()) {
            List<String> members = cluster.getValue();
            int capacity = canvas.automatic() ? AUTO_MAX : capacity(canvas);
            int parts = (members.size() + capacity - 1) / capacity;
            for (int part = 0; part < parts; part++) {
                List<String> some = members.subList(part * capacity, Math.min(members.size(), (part + 1) * capacity));
                String name = String.format(Locale.ROOT, "cluster-%02d%s.png", cluster.getKey(),
                        parts == 1 ? "" : "-" + (part + 1));
                Path file = out.resolve(name);
                writePng(sheet(archive, some, canvas), canvas.dpi(), file);
                files.add(file);
            }
            log.accept(String.format("cluster: canvas of cluster %d (%d members)", cluster.getKey(), members.size()));
        }
        return files;
    }

    /** The automatic canvas of (at most {@link #AUTO_MAX} of) {@code ids}, as PNG bytes. */
    public static byte[] canvasPng(ArchiveView archive, List<String> ids) {
        return png(sheet(archive, ids.subList(0, Math.min(ids.size(), AUTO_MAX)), Canvas.AUTO));
    }

    /** Members a print canvas holds with pairs at least {@link #MIN_PAIR_WIDTH} wide. */
    static int capacity(Canvas canvas) {
        int cols = Math.max(1, canvas.width() / MIN_PAIR_WIDTH);
        int rows = Math.max(1, canvas.height() / (canvas.width() / cols / 2));
        return cols * rows;
    }

    /** Columns, and the width of one A|B pair, for {@code n} members on {@code canvas}. */
    static int[] layout(int n, Canvas canvas) {
        if (canvas.automatic()) {
            int cols = Math.max(1, (int) Math.ceil(Math.sqrt(n / 2.0)));
            return new int[] {cols, 2 * THUMB};
        }
        for (int cols = 1; ; cols++) {
            int pair = canvas.width() / cols;
            int rows = canvas.height() / Math.max(1, pair / 2);
            if ((long) cols * rows >= n || pair <= MIN_PAIR_WIDTH) {
                return new int[] {cols, pair};
            }
        }
    }

    private static BufferedImage sheet(ArchiveView archive, List<String> ids, Canvas canvas) {
        int[] layout = layout(ids.size(), canvas);
        int cols = layout[0];
        int pair = layout[1];
        int cell = pair / 2;
        int rows = (ids.size() + cols - 1) / cols;
        int width = canvas.automatic() ? cols * pair : canvas.width();
        int height = canvas.automatic() ? rows * cell : canvas.height();
        int gap = Math.max(1, pair / 64);
        // Centred on the canvas: white gutters between pairs, a hairline between A and B of one pair.
        int left = (width - cols * pair) / 2;
        int top = (height - rows * cell) / 2;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        int inner = cell - 2 * gap;
        int hairline = Math.max(1, gap / 3);
        for (int i = 0; i < ids.size(); i++) {
            int x = left + (i % cols) * pair + (pair - 2 * inner - hairline) / 2;
            int y = top + (i / cols) * cell + gap;
            drawThumbnail(g, archive, ids.get(i), Side.A, x, y, inner);
            drawThumbnail(g, archive, ids.get(i), Side.B, x + inner + hairline, y, inner);
        }
        g.dispose();
        return image;
    }

    /** A thumbnail, or a grey square for an entry that has none (one that failed before its pictures). */
    private static void drawThumbnail(Graphics2D g, ArchiveView archive, String id, Side side, int x, int y, int size) {
        java.util.Optional<byte[]> png = archive.thumbnail(id, side);
        if (png.isEmpty()) {
            g.setColor(Color.LIGHT_GRAY);
            g.fillRect(x, y, size, size);
            return;
        }
        g.drawImage(ClusterAnalysis.decode(png.get(), id, side), x, y, size, size, null);
    }

    /** PNG with its resolution recorded (pHYs), so that printing at the canvas size needs no guessing. */
    static void writePng(BufferedImage image, int dpi, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(stream);
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image),
                    writer.getDefaultWriteParam());
            if (dpi > 0) {
                String perMetre = Integer.toString((int) Math.round(dpi / 0.0254));
                IIOMetadataNode phys = new IIOMetadataNode("pHYs");
                phys.setAttribute("pixelsPerUnitXAxis", perMetre);
                phys.setAttribute("pixelsPerUnitYAxis", perMetre);
                phys.setAttribute("unitSpecifier", "meter");
                IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
                root.appendChild(phys);
                metadata.mergeTree("javax_imageio_png_1.0", root);
            }
            writer.write(new IIOImage(image, null, metadata));
        } finally {
            writer.dispose();
        }
    }
}
