package io.equilibria.training;

import io.equilibria.config.Side;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * A picture of the fixed probes: A's images on the left, B's on the right, in the same grid
 * positions (probe i of A beside probe i of B's panel). Pixels map to [0, 255] through {@link Display} and are
 * clipped; small images are enlarged (nearest) so that a cell is at least 64 pixels wide.
 */
public final class SampleSheet {
    private static final int GAP = 8;
    private static final int MIN_CELL = 64;

    private SampleSheet() {}

    /** A sheet of A's probes beside B's, each generator in a grid, cells at least 64 pixels. */
    public static BufferedImage render(ProbeImages probes) {
        BufferedImage a = panel(probes, Side.A);
        BufferedImage sheet = new BufferedImage(2 * a.getWidth() + GAP, a.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.drawImage(a, 0, 0, null);
        g.drawImage(panel(probes, Side.B), a.getWidth() + GAP, 0, null);
        g.dispose();
        return sheet;
    }

    /** One generator's probes in a grid, cells at least 64 pixels. */
    public static BufferedImage panel(ProbeImages probes, Side side) {
        int columns = (int) Math.ceil(Math.sqrt(probes.count()));
        int rows = (probes.count() + columns - 1) / columns;
        int scale = Math.max(1, MIN_CELL / probes.resolution());
        int cell = probes.resolution() * scale;
        BufferedImage panel = new BufferedImage(columns * cell, rows * cell, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = panel.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, panel.getWidth(), panel.getHeight());
        float[] pixels = probes.of(side);
        for (int i = 0; i < probes.count(); i++) {
            g.drawImage(toImage(pixels, i, probes.resolution()), (i % columns) * cell, (i / columns) * cell, cell,
                    cell, null);
        }
        g.dispose();
        return panel;
    }

    /**
     * A small picture of one generator's first probes (up to four, 2 × 2) that fits a square of
     * {@code size} pixels: what galleries and listings show.
     */
    public static BufferedImage thumbnail(ProbeImages probes, Side side, int size) {
        int shown = Math.min(4, probes.count());
        int columns = shown == 1 ? 1 : 2;
        int rows = (shown + columns - 1) / columns;
        int cell = size / columns;
        BufferedImage thumb = new BufferedImage(columns * cell, rows * cell, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = thumb.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                cell < probes.resolution() ? java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR
                        : java.awt.RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        float[] pixels = probes.of(side);
        for (int i = 0; i < shown; i++) {
            g.drawImage(toImage(pixels, i, probes.resolution()), (i % columns) * cell, (i / columns) * cell, cell,
                    cell, null);
        }
        g.dispose();
        return thumb;
    }

    /** An image as PNG bytes. */
    public static byte[] png(BufferedImage image) {
        var out = new java.io.ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Image {@code index} of a [count, 3, r, r] array as an RGB picture. */
    public static BufferedImage toImage(float[] pixels, int index, int resolution) {
        BufferedImage image = new BufferedImage(resolution, resolution, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, resolution, resolution, rgb(pixels, index, resolution), 0, resolution);
        return image;
    }

    /** Image {@code index} of a [count, 3, r, r] array as displayed pixels 0xRRGGBB, row by row. */
    public static int[] rgb(float[] pixels, int index, int resolution) {
        int plane = resolution * resolution;
        int base = index * 3 * plane;
        int[] out = new int[plane];
        for (int p = 0; p < plane; p++) {
            out[p] = (toByte(pixels[base + p]) << 16) | (toByte(pixels[base + plane + p]) << 8)
                    | toByte(pixels[base + 2 * plane + p]);
        }
        return out;
    }

    static int toByte(float v) {
        return Display.toByte(v);
    }

    /** Writes the sheet as PNG, atomically (a temporary name, then a rename). */
    public static void write(ProbeImages probes, Path file) throws IOException {
        writePng(render(probes), file);
    }

    /** Writes {@code image} as PNG into {@code file} (its folder created), atomically: a temporary name, then a rename. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(file.getFileName() + ".tmp");
        if (!ImageIO.write(image, "png", tmp.toFile())) {
            throw new IOException("no PNG writer");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
