package io.equilibria.training.video;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * One frame being composed: the generators' small images enlarged with bicubic interpolation
 * ({@link Bicubic}) into their squares of the layout, on the background colour (a square smaller
 * than the image, as in a contact sheet, is drawn by Java 2D). Reused frame after frame by one
 * thread; what it returns is overwritten by the next {@link #draw}.
 */
final class Canvas {
    private final int width;
    private final BufferedImage frame;
    private final int[] pixels;
    private final Graphics2D graphics;
    private final Rectangle[] squares;
    private final BufferedImage[] small = new BufferedImage[2];
    private final int[][] smallPixels = new int[2][];
    private final Bicubic[] enlarge = new Bicubic[2];

    Canvas(int width, int height, Layout layout, int gap, int background, int resolution) {
        this.width = width;
        frame = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        pixels = ((DataBufferInt) frame.getRaster().getDataBuffer()).getData();
        graphics = frame.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        graphics.setColor(new Color(background));
        graphics.fillRect(0, 0, width, height);
        squares = layout.squares(width, height, gap);
        for (int side = 0; side < 2; side++) {
            small[side] = new BufferedImage(resolution, resolution, BufferedImage.TYPE_INT_RGB);
            smallPixels[side] = ((DataBufferInt) small[side].getRaster().getDataBuffer()).getData();
            if (squares[side] != null && squares[side].width >= resolution) {
                enlarge[side] = new Bicubic(resolution, squares[side].width);
            }
        }
    }

    Canvas(RenderSettings s, int resolution) {
        this(s.width(), s.height(), s.layout(), s.gap(), s.background(), resolution);
    }

    /**
     * Draws A's and B's images (0xRRGGBB, resolution² each, row by row) into their squares.
     *
     * @return the frame's pixels, row by row
     */
    int[] draw(int[] a, int[] b) {
        int[][] images = {a, b};
        for (int side = 0; side < 2; side++) {
            Rectangle r = squares[side];
            if (r == null) {
                continue;
            }
            if (enlarge[side] != null) {
                enlarge[side].scale(images[side], pixels, width, r.x, r.y);
            } else {
                System.arraycopy(images[side], 0, smallPixels[side], 0, smallPixels[side].length);
                graphics.drawImage(small[side], r.x, r.y, r.width, r.height, null);
            }
        }
        return pixels;
    }

    /** The frame as an image (the same pixels {@link #draw} returns). */
    BufferedImage image() {
        return frame;
    }

    void dispose() {
        graphics.dispose();
    }
}
