package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleSheetTest {
    @TempDir
    Path dir;

    @Test
    void pixelValuesMapToBytesAndClip() {
        assertEquals(0, SampleSheet.toByte(-1f));
        assertEquals(0, SampleSheet.toByte(-7f));
        assertEquals(0, SampleSheet.toByte(Float.NaN));
        assertEquals(128, SampleSheet.toByte(0f));
        assertEquals(255, SampleSheet.toByte(1f));
        assertEquals(255, SampleSheet.toByte(3f));
    }

    @Test
    void aSheetPutsAOnTheLeftAndBOnTheRight() throws Exception {
        int r = 8;
        int count = 4;
        float[] a = new float[count * 3 * r * r];
        float[] b = new float[count * 3 * r * r];
        java.util.Arrays.fill(a, -1f); // black
        java.util.Arrays.fill(b, 1f); // white
        Path file = dir.resolve("s.png");
        SampleSheet.write(new ProbeImages(count, r, a, b), file);
        BufferedImage img = ImageIO.read(file.toFile());
        int cell = 64; // 8px enlarged to 64
        assertEquals(2 * 2 * cell + 8, img.getWidth());
        assertEquals(2 * cell, img.getHeight());
        assertEquals(0x000000, img.getRGB(5, 5) & 0xFFFFFF);
        assertEquals(0xFFFFFF, img.getRGB(img.getWidth() - 5, img.getHeight() - 5) & 0xFFFFFF);
    }
}
