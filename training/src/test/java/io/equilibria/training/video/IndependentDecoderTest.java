package io.equilibria.training.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.equilibria.config.Preset;
import io.equilibria.training.Trainer;
import io.equilibria.training.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The video as another program sees it: ffprobe reads BT.709 and limited range from the stream,
 * and ffmpeg's decoding gives back the frames we composed, within the loss of the encoding.
 * Skipped where ffmpeg is not installed, except under CI, whose script installs it.
 */
class IndependentDecoderTest {
    @TempDir
    Path dir;

    private static boolean ffmpeg() {
        try {
            return new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static byte[] run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertEquals(0, p.waitFor(), String.join(" ", command));
        return out.toByteArray();
    }

    @Test
    void ffmpegReadsTheColourSignalAndDecodesTheComposedFrames() throws Exception {
        boolean installed = ffmpeg();
        if (!installed && System.getenv("CI") != null) {
            throw new AssertionError("ffmpeg is missing under CI: .ci/run installs it");
        }
        Assumptions.assumeTrue(installed, "ffmpeg is not installed");
        int w = 96;
        int h = 48;
        int frames = 20;
        RenderSettings s = new RenderSettings(2, 10, 2, w, h, 11, Layout.SIDE, 8, 0x000000, 10, 0);
        try (Trainer trainer = new Trainer(Preset.TINY.genome(), Preset.TINY.run().withSteps(6).withIntervals(3, 0),
                Device.cpu())) {
            trainer.train(new TrainingListener() {}, () -> false);
            Path mp4 = LoopVideo.render(trainer, s, dir.resolve("work"), dir.resolve("out"), 2, n -> {}, () -> false)
                    .videos().getFirst().mp4();

            List<String> probe = new String(run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                    "stream=color_range,color_space,color_primaries,color_transfer", "-of", "default=nw=1",
                    mp4.toString())).lines().sorted().toList();
            assertEquals(List.of("color_primaries=bt709", "color_range=tv", "color_space=bt709", "color_transfer=bt709"),
                    probe);

            byte[] decoded = run("ffmpeg", "-v", "error", "-i", mp4.toString(), "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
            assertEquals(frames * w * h * 3, decoded.length, "20 frames of " + w + "x" + h);

            int zDim = trainer.genome().zDim();
            int[][][] small = LoopVideo.generate(trainer, LoopVideo.keyframes(s.seed(), s.keyframes(), zDim), 0, frames,
                    frames, zDim);
            Canvas canvas = new Canvas(s, trainer.render(new float[zDim], 1).resolution());
            // 4:2:0 keeps one colour per 2 x 2 pixels: compared block by block, what is left is the
            // encoding's loss. Measured on this content: 1.6 levels on average, channel shifts under
            // 0.9, the gap at most 4. Decoded as full range instead: 12.2, shifts of 6 to 9, the gap
            // 19; with BT.601's matrix instead: 5.1.
            double absolute = 0;
            double[] signed = new double[3];
            int gapWorst = 0;
            for (int f = 0; f < frames; f++) {
                int[] expected = canvas.draw(small[f][0], small[f][1]);
                for (int by = 0; by < h; by += 2) {
                    for (int bx = 0; bx < w; bx += 2) {
                        for (int c = 0; c < 3; c++) {
                            int want = 0;
                            int got = 0;
                            for (int p : new int[] {by * w + bx, by * w + bx + 1, (by + 1) * w + bx, (by + 1) * w + bx + 1}) {
                                want += (expected[p] >> (16 - 8 * c)) & 0xff;
                                int value = decoded[(f * w * h + p) * 3 + c] & 0xff;
                                got += value;
                                if (bx >= 44 && bx < 52) { // the black gap between A and B
                                    gapWorst = Math.max(gapWorst, value);
                                }
                            }
                            absolute += Math.abs(got - want) / 4.0;
                            signed[c] += (got - want) / 4.0;
                        }
                    }
                }
            }
            double n = (double) frames * (w / 2) * (h / 2);
            double meanAbsolute = absolute / (3 * n);
            assertTrue(meanAbsolute < 2.5, "mean absolute difference " + meanAbsolute + " levels");
            for (int c = 0; c < 3; c++) {
                assertTrue(Math.abs(signed[c] / n) < 1.5, "channel " + "RGB".charAt(c) + " is shifted by "
                        + signed[c] / n + " levels (a range or matrix mismatch)");
            }
            assertTrue(gapWorst <= 8, "black decodes as black, not grey (16 and more): " + gapWorst);
        }
    }
}
