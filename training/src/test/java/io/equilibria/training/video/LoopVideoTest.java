package io.equilibria.training.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.equilibria.config.ConfigException;
import io.equilibria.config.Preset;
import io.equilibria.training.Trainer;
import io.equilibria.training.TrainingListener;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.AWTUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopVideoTest {
    private static Trainer trainer;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        trainer = new Trainer(Preset.TINY.genome(), Preset.TINY.run().withSteps(6).withIntervals(3, 0), Device.cpu());
        trainer.train(new TrainingListener() {}, () -> false);
    }

    @AfterAll
    static void close() {
        trainer.close();
    }

    private LoopVideo.Result render(RenderSettings s, String name, int threads) throws Exception {
        return LoopVideo.render(trainer, s, dir.resolve(name + "-work"), dir.resolve(name), threads, n -> {}, () -> false);
    }

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

    static List<BufferedImage> decode(Path mp4) throws Exception {
        List<BufferedImage> frames = new ArrayList<>();
        try (var channel = NIOUtils.readableChannel(mp4.toFile())) {
            FrameGrab grab = FrameGrab.createFrameGrab(channel);
            for (Picture p; (p = grab.getNativeFrame()) != null; ) {
                frames.add(AWTUtil.toBufferedImage(p));
            }
        }
        return frames;
    }

    @Test
    void aTwoSecondLoopDecodesBackWithTheRightFramesThatCloseTheLoop() throws Exception {
        RenderSettings settings = new RenderSettings(2, 30, 3, 128, 64, 7);
        List<Integer> progress = new ArrayList<>();
        LoopVideo.Result r = LoopVideo.render(trainer, settings, dir.resolve("work"), dir.resolve("out"), 2,
                progress::add, () -> false);
        assertEquals(60, r.frames());
        assertEquals(60, progress.getLast());
        assertTrue(ImageIO.read(r.keyframes().toFile()).getWidth() > 0);
        List<BufferedImage> frames = decode(r.videos().getFirst().mp4());
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
        try (var left = Files.list(dir.resolve("out"))) {
            assertEquals(List.of("keyframes.png", "video.mp4"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (var work = Files.list(dir.resolve("work"))) {
            assertEquals(0, work.count(), "the segments are removed once the video is whole");
        }
    }

    @Test
    void theBytesAreTheSameWhateverTheNumberOfThreads() throws Exception {
        // 130 frames: three segments, the last one short; one variation beside the original.
        RenderSettings s = new RenderSettings(130 / 30.0, 30, 3, 96, 48, 3).withVariations(1);
        LoopVideo.Result one = render(s, "one", 1);
        LoopVideo.Result two = render(s, "two", 2);
        assertEquals(2, one.videos().size());
        for (int v = 0; v < 2; v++) {
            assertArrayEquals(Files.readAllBytes(one.videos().get(v).mp4()), Files.readAllBytes(two.videos().get(v).mp4()),
                    "video " + one.videos().get(v).variation());
        }
        assertEquals(130, decode(one.videos().get(1).mp4()).size());
        assertFalse(one.videos().get(1).variation() == ColourVariation.ORIGINAL);
    }

    @Test
    void aStoppedRenderContinuesFromItsFinishedSegmentsToTheSameBytes() throws Exception {
        RenderSettings s = new RenderSettings(200 / 30.0, 30, 3, 64, 32, 5);
        Path whole = render(s, "whole", 2).videos().getFirst().mp4();
        AtomicInteger asked = new AtomicInteger();
        Path work = dir.resolve("stopped-work");
        LoopVideo.Stopped stopped = assertThrows(LoopVideo.Stopped.class, () -> LoopVideo.render(trainer, s, work,
                dir.resolve("stopped"), 2, n -> {}, () -> asked.incrementAndGet() > 2));
        assertTrue(stopped.getMessage().startsWith("stopped with 2 of 4 segments encoded"), stopped.getMessage());
        assertFalse(Files.exists(dir.resolve("stopped").resolve("video.mp4")));
        // A render with other settings in the same place starts afresh; the same settings continue.
        LoopVideo.Result continued = LoopVideo.render(trainer, s, work, dir.resolve("stopped"), 1, n -> {}, () -> false);
        assertEquals(2, continued.resumedSegments());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(continued.videos().getFirst().mp4()));
    }

    @Test
    void variationsAreRenderedInOnePassWithAContactSheetOfTheirKeyframes() throws Exception {
        RenderSettings s = new RenderSettings(1, 10, 4, 64, 32, 9).withVariations(3);
        LoopVideo.Result r = render(s, "variations", 2);
        assertEquals(4, r.videos().size());
        assertEquals(List.of("hue", "swap", "palette"), r.videos().subList(1, 4).stream().map(v -> v.variation().kind()).toList());
        BufferedImage sheet = ImageIO.read(r.variationSheet().toFile());
        assertEquals(4 * (LoopVideo.SHEET_FRAME_WIDTH + 4) + 4, sheet.getWidth(), "a column per keyframe");
        assertTrue(sheet.getHeight() > 4 * 160, "a row per video");
        // The original and a variation show the same loop in other colours: the frames differ.
        BufferedImage original = decode(r.videos().get(0).mp4()).getFirst();
        BufferedImage swapped = decode(r.videos().get(2).mp4()).getFirst();
        assertTrue(difference(original, 0, swapped, 0, 64) > 2, "the swap changes the colours");
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
        assertTrue(assertThrows(ConfigException.class, () -> RenderSettings.parseColour("12345")).getMessage()
                .startsWith("--background: \"12345\""));
        assertTrue(assertThrows(ConfigException.class, () -> Layout.parse("grid")).getMessage()
                .startsWith("--layout: \"grid\""));
        assertTrue(assertThrows(ConfigException.class, () -> new RenderSettings(2, 30, 4, 512, 256, 1, Layout.SIDE, 0,
                0, 9, 0)).getMessage().startsWith("--quality: 9"));
    }

    @Test
    void slerpKeepsTheEndsAndTheLoopCloses() {
        float[][] keys = LoopVideo.keyframes(3, 4, 8);
        assertEquals(keys[0][5], LoopVideo.latentAt(keys, 0)[5], 1e-6);
        assertEquals(keys[1][5], LoopVideo.latentAt(keys, 0.25)[5], 1e-5);
        float[] almostEnd = LoopVideo.latentAt(keys, 0.9999);
        assertEquals(keys[0][2], almostEnd[2], 1e-3);
    }

    @Test
    void theFingerprintChangesWithWhatDecidesThePictures() {
        RenderSettings s = new RenderSettings(2, 30, 4, 512, 256, 1);
        assertEquals(s.fingerprint(), new RenderSettings(2, 30, 4, 512, 256, 1).fingerprint());
        assertFalse(s.fingerprint().equals(s.withVariations(1).fingerprint()));
        assertFalse(s.fingerprint().equals(s.withSize(1024, 512).fingerprint()));
    }
}
