package io.equilibria.training;

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
 * positions (probe i of A beside probe i of B's panel). Pixels in [-1, 1] map to [0, 255] and are
 * clipped; small images are enlarged (nearest) so that a cell is at least 64 pixels wide.
 */
public final class SampleSheet {
    private static final int GAP = 8;
    private static final int MIN_CELL = 64;

    private SampleSheet() {}

    public static BufferedImage render(ProbeImages probes) {
        int columns = (int) Math.ceil(Math.sqrt(probes.count()));
        int rows = (probes.count() + columns - 1) / columns;
        int scale = Math.max(1, MIN_CELL / probes.resolution());
        int cell = probes.resolution() * scale;
        int panelWidth = columns * cell;
        BufferedImage sheet = new BufferedImage(2 * panelWidth + GAP, rows * cell, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.dispose();
        for (int side = 0; side < 2; side++) {
            float[] pixels = side == 0 ? probes.a() : probes.b();
            int xOffset = side * (panelWidth + GAP);
            for (int i = 0; i < probes.count(); i++) {
                BufferedImage tile = toImage(pixels, i, probes.resolution());
                int x = xOffset + (i % columns) * cell;
                int y = (i / columns) * cell;
                Graphics2D tg = sheet.createGraphics();
                tg.drawImage(tile, x, y, cell, cell, null);
                tg.dispose();
            }
        }
        return sheet;
    }

    /** Image {@code index} of a [count, 3, r, r] array as an RGB picture. */
    public static BufferedImage toImage(float[] pixels, int index, int resolution) {
        BufferedImage image = new BufferedImage(resolution, resolution, BufferedImage.TYPE_INT_RGB);
        int plane = resolution * resolution;
        int base = index * 3 * plane;
        for (int y = 0; y < resolution; y++) {
            for (int x = 0; x < resolution; x++) {
                int p = y * resolution + x;
                int r = toByte(pixels[base + p]);
                int gr = toByte(pixels[base + plane + p]);
                int b = toByte(pixels[base + 2 * plane + p]);
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return image;
    }

    static int toByte(float v) {
        if (!(v > -1f)) { // also maps NaN to black
            return 0;
        }
        return v >= 1f ? 255 : Math.round((v + 1f) * 127.5f);
    }

    /** Writes the sheet as PNG, atomically (a temporary name, then a rename). */
    public static void write(ProbeImages probes, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(file.getFileName() + ".tmp");
        if (!ImageIO.write(render(probes), "png", tmp.toFile())) {
            throw new IOException("no PNG writer");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
