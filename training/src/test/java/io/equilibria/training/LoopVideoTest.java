package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.equilibria.config.ConfigException;
import io.equilibria.config.Preset;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.AWTUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopVideoTest {
    @TempDir
    Path dir;

    /** Mean absolute difference of two images' channels, in [0, 255], over a region. */
    private static double difference(BufferedImage p, int px, BufferedImage q, int qx, int width) {
        double sum = 0;
        for (int y = 0; y < p.getHeight(); y++) {
            for (int x = 0; x < width; x++) {
                int a = p.getRGB(px + x, y);
                int b = q.getRGB(qx + x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff));
                }
            }
        }
        return sum / (3.0 * width * p.getHeight());
    }

    @Test
    void aTwoSecondLoopDecodesBackWithTheRightFramesThatCloseTheLoop() throws Exception {
        Path mp4 = dir.resolve("loop.mp4");
        Path sheet = dir.resolve("keyframes.png");
        RenderSettings settings = new RenderSettings(2, 30, 3, 128, 64, 7);
        List<Integer> progress = new ArrayList<>();
        try (Trainer trainer = new Trainer(Genomes.tiny(), Preset.TINY.run().withSteps(6).withIntervals(3, 0),
                Device.cpu())) {
            trainer.train(new TrainingListener() {}, () -> false);
            LoopVideo.Result r = LoopVideo.render(trainer, settings, mp4, sheet, progress::add);
            assertEquals(60, r.frames());
        }
        assertEquals(60, progress.getLast());
        assertTrue(ImageIO.read(sheet.toFile()).getWidth() > 0);
        List<BufferedImage> frames = new ArrayList<>();
        try (var channel = NIOUtils.readableChannel(mp4.toFile())) {
            FrameGrab grab = FrameGrab.createFrameGrab(channel);
            for (Picture p; (p = grab.getNativeFrame()) != null; ) {
                frames.add(AWTUtil.toBufferedImage(p));
            }
        }
        assertEquals(60, frames.size());
        BufferedImage first = frames.getFirst();
        assertEquals(128, first.getWidth());
        assertEquals(64, first.getHeight());
        double loop = difference(first, 0, frames.getLast(), 0, 128);
        double across = difference(first, 0, frames.get(30), 0, 128);
        double step = 0;
        for (int i = 1; i < frames.size(); i++) {
            step = Math.max(step, difference(frames.get(i - 1), 0, frames.get(i), 0, 128));
        }
        double halves = difference(first, 0, first, 64, 64);
        assertTrue(across > 4, "the loop moves: first against middle differ by " + across);
        assertTrue(loop < across / 3, "the last frame comes back to the first: " + loop + " against " + across);
        assertTrue(step < across / 2, "consecutive frames are close: at most " + step + " against " + across);
        assertTrue(halves > 4, "A (left) and B (right) differ: " + halves);
        assertTrue(Files.notExists(dir.resolve(".loop.mp4.tmp")));
    }

    @Test
    void badSettingsNameTheirOption() {
        String odd = assertThrows(ConfigException.class, () -> new RenderSettings(2, 30, 4, 513, 256, 1)).getMessage();
        assertTrue(odd.startsWith("--size: 513x256"), odd);
        String zero = assertThrows(ConfigException.class, () -> new RenderSettings(0, 30, 4, 512, 256, 1)).getMessage();
        assertTrue(zero.startsWith("--seconds: 0.0"), zero);
        assertTrue(assertThrows(ConfigException.class, () -> new RenderSettings(2, 30, 1, 512, 256, 1)).getMessage()
                .startsWith("--keyframes"));
        assertTrue(assertThrows(ConfigException.class, () -> RenderSettings.parseSize("512by256")).getMessage()
                .startsWith("--size: \"512by256\""));
    }

    @Test
    void slerpKeepsTheEndsAndTheLoopCloses() {
        float[][] keys = LoopVideo.keyframes(3, 4, 8);
        assertEquals(keys[0][5], LoopVideo.latentAt(keys, 0)[5], 1e-6);
        assertEquals(keys[1][5], LoopVideo.latentAt(keys, 0.25)[5], 1e-5);
        float[] almostEnd = LoopVideo.latentAt(keys, 0.9999);
        assertEquals(keys[0][2], almostEnd[2], 1e-3);
    }
}
