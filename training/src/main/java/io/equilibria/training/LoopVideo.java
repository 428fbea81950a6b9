package io.equilibria.training;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;
import org.jcodec.api.awt.AWTSequenceEncoder;

/**
 * The video piece of a find: a slow loop through K keyframe latents, spherically interpolated with
 * easing, the same latent into A and B on every frame and the same fixed noise on every frame, A
 * on the left and B on the right, upscaled to the frame, encoded as H.264 in MP4 with JCodec.
 * Frames are generated in batches and encoded as they come: memory does not grow with the length.
 */
public final class LoopVideo {
    /** Frames generated per batch. */
    static final int BATCH = 16;
    static final long KEYFRAME_STREAM = 5;

    private LoopVideo() {}

    /**
     * @param frames frames written
     * @param seconds wall time spent
     * @param inferenceSeconds of which the generators worked (overlapping the encoding)
     * @param encodeSeconds of which frames were scaled, composed and encoded
     */
    public record Result(int frames, double seconds, double inferenceSeconds, double encodeSeconds) {}

    /**
     * Renders the loop into {@code mp4} (written under a temporary name, then renamed) and a still
     * contact sheet of the keyframes into {@code sheet} (when not null).
     *
     * @param progress told the number of frames done
     */
    public static Result render(Trainer trainer, RenderSettings s, Path mp4, Path sheet, IntConsumer progress)
            throws IOException {
        int zDim = trainer.genome().zDim();
        float[][] keys = keyframes(s.seed(), s.keyframes(), zDim);
        int frames = s.frames();
        Path tmp = mp4.resolveSibling("." + mp4.getFileName() + ".tmp");
        long started = System.nanoTime();
        double inference = 0;
        double encoding = 0;
        AWTSequenceEncoder encoder = AWTSequenceEncoder.createSequenceEncoder(tmp.toFile(), s.fps());
        // The generators work on the next batch while this thread encodes the current one: libtorch
        // and the Java encoder overlap. At most two batches are in memory.
        ExecutorService generators = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "render-inference");
            t.setDaemon(true);
            return t;
        });
        boolean done = false;
        try {
            BufferedImage frame = new BufferedImage(s.width(), s.height(), BufferedImage.TYPE_INT_RGB);
            Future<Batch> next = generators.submit(() -> batch(trainer, keys, 0, frames, zDim));
            for (int first = 0; first < frames; first += BATCH) {
                Batch batch = next.get();
                if (first + BATCH < frames) {
                    int following = first + BATCH;
                    next = generators.submit(() -> batch(trainer, keys, following, frames, zDim));
                }
                inference += batch.seconds();
                long t1 = System.nanoTime();
                for (int i = 0; i < batch.images().count(); i++) {
                    compose(frame, batch.images(), i);
                    encoder.encodeImage(frame);
                }
                encoding += (System.nanoTime() - t1) / 1e9;
                progress.accept(first + batch.images().count());
            }
            encoder.finish();
            done = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("the generators failed: " + e.getCause(), e.getCause());
        } finally {
            generators.shutdownNow();
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        Files.move(tmp, mp4, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (sheet != null) {
            float[] all = new float[keys.length * zDim];
            for (int k = 0; k < keys.length; k++) {
                System.arraycopy(keys[k], 0, all, k * zDim, zDim);
            }
            SampleSheet.write(trainer.render(all, keys.length), sheet);
        }
        return new Result(frames, (System.nanoTime() - started) / 1e9, inference, encoding);
    }

    /** A batch of frames' images and the seconds the generators took for it. */
    private record Batch(ProbeImages images, double seconds) {}

    private static Batch batch(Trainer trainer, float[][] keys, int first, int frames, int zDim) {
        int n = Math.min(BATCH, frames - first);
        float[] latents = new float[n * zDim];
        for (int i = 0; i < n; i++) {
            System.arraycopy(latentAt(keys, (first + i) / (double) frames), 0, latents, i * zDim, zDim);
        }
        long t0 = System.nanoTime();
        ProbeImages images = trainer.render(latents, n);
        return new Batch(images, (System.nanoTime() - t0) / 1e9);
    }

    /** K keyframe latents, N(0, 1), from the render's seed. */
    static float[][] keyframes(long seed, int k, int zDim) {
        RandomGenerator rng = Rng.of(seed, KEYFRAME_STREAM);
        float[][] keys = new float[k][zDim];
        for (float[] key : keys) {
            for (int j = 0; j < zDim; j++) {
                key[j] = (float) rng.nextGaussian();
            }
        }
        return keys;
    }

    /** The latent at {@code t} in [0, 1) of the closed loop through {@code keys}. */
    static float[] latentAt(float[][] keys, double t) {
        double position = t * keys.length;
        int segment = (int) Math.floor(position) % keys.length;
        double u = position - Math.floor(position);
        double eased = (1 - Math.cos(Math.PI * u)) / 2; // slow in and out of every keyframe
        return slerp(keys[segment], keys[(segment + 1) % keys.length], eased);
    }

    /** Spherical interpolation (linear when the two are almost parallel). */
    static float[] slerp(float[] a, float[] b, double u) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            na += a[i] * (double) a[i];
            nb += b[i] * (double) b[i];
        }
        double cos = dot / Math.sqrt(na * nb);
        double omega = Math.acos(Math.max(-1, Math.min(1, cos)));
        double wa;
        double wb;
        if (Math.sin(omega) < 1e-6) {
            wa = 1 - u;
            wb = u;
        } else {
            wa = Math.sin((1 - u) * omega) / Math.sin(omega);
            wb = Math.sin(u * omega) / Math.sin(omega);
        }
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return out;
    }

    /** A on the left half of {@code frame}, B on the right, each scaled smoothly to its half. */
    static void compose(BufferedImage frame, ProbeImages images, int index) {
        int half = frame.getWidth() / 2;
        Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(SampleSheet.toImage(images.a(), index, images.resolution()), 0, 0, half, frame.getHeight(), null);
        g.drawImage(SampleSheet.toImage(images.b(), index, images.resolution()), half, 0, half, frame.getHeight(), null);
        g.dispose();
    }
}
