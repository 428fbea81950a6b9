package io.equilibria.training.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.util.HashSet;
import java.util.List;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.junit.jupiter.api.Test;

/** Layouts, the BT.709 conversion and the colour variations, on synthetic pixels. */
class PicturesTest {
    @Test
    void layoutsFitSquaresWithoutStretching() {
        Rectangle[] side = Layout.SIDE.squares(1920, 1080, 0);
        assertEquals(new Rectangle(0, 60, 960, 960), side[0]);
        assertEquals(new Rectangle(960, 60, 960, 960), side[1]);
        Rectangle[] gap = Layout.SIDE.squares(1024, 512, 16);
        assertEquals(new Rectangle(0, 4, 504, 504), gap[0]);
        assertEquals(new Rectangle(520, 4, 504, 504), gap[1]);
        Rectangle[] stack = Layout.STACK.squares(1920, 1080, 0);
        assertEquals(new Rectangle(690, 0, 540, 540), stack[0]);
        assertEquals(new Rectangle(690, 540, 540, 540), stack[1]);
        Rectangle[] b = Layout.B.squares(1920, 1080, 0);
        assertNull(b[0]);
        assertEquals(new Rectangle(420, 0, 1080, 1080), b[1]);
    }

    private static int[] yuv(int rgb) {
        int[] pixels = {rgb, rgb, rgb, rgb};
        Picture p = Picture.create(2, 2, ColorSpace.YUV420J);
        Bt709.convert(pixels, 2, 2, p);
        return new int[] {p.getPlaneData(0)[0] + 128, p.getPlaneData(1)[0] + 128, p.getPlaneData(2)[0] + 128};
    }

    @Test
    void bt709LimitedRangeHitsTheReferenceLevels() {
        assertEquals(List.of(16, 128, 128), List.of(yuv(0x000000)[0], yuv(0x000000)[1], yuv(0x000000)[2]));
        assertEquals(List.of(235, 128, 128), List.of(yuv(0xFFFFFF)[0], yuv(0xFFFFFF)[1], yuv(0xFFFFFF)[2]));
        // BT.709 reference for 100% red: Y' 63, Cb 102, Cr 240; blue: Y' 32, Cb 240, Cr 118.
        int[] red = yuv(0xFF0000);
        assertEquals(63, red[0]);
        assertEquals(102, red[1]);
        assertEquals(240, red[2]);
        int[] blue = yuv(0x0000FF);
        assertEquals(32, blue[0]);
        assertEquals(240, blue[1]);
        assertEquals(118, blue[2]);
    }

    @Test
    void variationsAreSeededNamedByTheirParametersAndDistinct() {
        List<ColourVariation> a = ColourVariation.of(4, 12);
        List<ColourVariation> again = ColourVariation.of(4, 12);
        assertEquals(a.stream().map(ColourVariation::name).toList(), again.stream().map(ColourVariation::name).toList());
        assertEquals(12, new HashSet<>(a.stream().map(ColourVariation::name).toList()).size());
        assertTrue(a.getFirst().name().matches("hue-\\d+"), a.getFirst().name());
        assertTrue(a.get(1).name().matches("swap-[rgb]{3}"), a.get(1).name());
        assertTrue(a.get(2).name().matches("palette-[0-9a-f]{6}-[0-9a-f]{6}-[0-9a-f]{6}"), a.get(2).name());
        assertTrue(!ColourVariation.of(5, 12).stream().map(ColourVariation::name).toList()
                .equals(a.stream().map(ColourVariation::name).toList()), "another seed, other variations");
    }

    @Test
    void eachKindDoesWhatItsNameSays() {
        int[] out = new int[3];
        ColourVariation.swap("gbr").apply(new int[] {0x102030, 0xFF0000, 0x808080}, out);
        assertEquals(0x203010, out[0], "red shows green, green shows blue, blue shows red");
        assertEquals(0x0000FF, out[1]);
        assertEquals(0x808080, out[2]);
        ColourVariation.hue(120).apply(new int[] {0x808080, 0xFF0000, 0x000000}, out);
        assertEquals(0x808080, out[0], "greys stay grey");
        int r = (out[1] >> 16) & 0xff;
        int g = (out[1] >> 8) & 0xff;
        assertTrue(g > r, "red turned by 120 degrees is greenish: " + Integer.toHexString(out[1]));
        ColourVariation.palette(0x100020, 0xC04000, 0xF0F0E0).apply(new int[] {0x000000, 0xFFFFFF, 0x808080}, out);
        assertEquals(0x100020, out[0], "black takes the dark stop");
        assertEquals(0xF0F0E0, out[1], "white takes the light stop");
        for (int shift = 0; shift <= 16; shift += 8) {
            assertEquals((0xC04000 >> shift) & 0xff, (out[2] >> shift) & 0xff, 2, "the middle grey takes the middle stop");
        }
        ColourVariation.ORIGINAL.apply(new int[] {1, 2, 3}, out);
        assertEquals(List.of(1, 2, 3), List.of(out[0], out[1], out[2]));
    }

    @Test
    void bicubicGivesJava2dsPixels() {
        java.util.Random random = new java.util.Random(5);
        for (int[] sizes : new int[][] {{16, 44}, {64, 512}, {64, 960}, {32, 32}}) {
            int source = sizes[0];
            int target = sizes[1];
            java.awt.image.BufferedImage small = new java.awt.image.BufferedImage(source, source,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            int[] pixels = new int[source * source];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextInt(0x1000000);
                small.setRGB(i % source, i / source, pixels[i]);
            }
            java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(target, target,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = big.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                    java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(small, 0, 0, target, target, null);
            g.dispose();
            int[] ours = new int[target * target];
            new Bicubic(source, target).scale(pixels, ours, target, 0, 0);
            int worst = 0;
            double sum = 0;
            for (int i = 0; i < ours.length; i++) {
                int want = big.getRGB(i % target, i / target);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = Math.abs(((ours[i] >> shift) & 0xff) - ((want >> shift) & 0xff));
                    worst = Math.max(worst, d);
                    sum += d;
                }
            }
            double mean = sum / (3.0 * ours.length);
            // Java 2D rounds its weights more coarsely: on random pixels up to three levels apart.
            assertTrue(worst <= 3 && mean < 0.75, source + " to " + target + ": up to " + worst + " levels (mean "
                    + mean + ") from Java 2D's bicubic");
        }
        int[] flat = new int[64 * 64];
        java.util.Arrays.fill(flat, 0x4080C0);
        int[] out = new int[200 * 200];
        new Bicubic(64, 200).scale(flat, out, 200, 0, 0);
        assertTrue(java.util.Arrays.stream(out).allMatch(p -> p == 0x4080C0), "a flat image stays exactly flat");
    }
}
