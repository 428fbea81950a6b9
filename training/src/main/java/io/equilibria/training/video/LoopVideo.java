package io.equilibria.training.video;

import io.equilibria.training.Devices;
import io.equilibria.training.ProbeImages;
import io.equilibria.training.Rng;
import io.equilibria.training.SampleSheet;
import io.equilibria.training.Trainer;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;
import javax.imageio.ImageIO;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * The video piece of a find: a slow loop through K keyframe latents, spherically interpolated with
 * easing, the same latent into A and B on every frame and the same fixed noise on every frame,
 * composed by {@link Layout}, encoded as H.264 in MP4.
 *
 * <p>How it uses the machine: the generators draw the frames in batches on the training device (on
 * the calling thread), and the loop is cut into segments of {@link #SEGMENT} frames (every frame
 * is a key frame, see {@link SignalledH264Encoder}), which {@code threads} encoders compress in
 * parallel, each into a file of its own (with one thread, the calling thread does everything in
 * turn). Every colour variation is a transform of the same generated pixels, so the generators run
 * once for all of them. At the end each video's segments are joined, in order, into one MP4. Memory
 * stays flat whatever the length (a few segments of small images are in flight), the bytes do not
 * depend on the number of threads, and a render stopped in any way continues from the segments it
 * finished (they are kept under the settings' {@link RenderSettings#fingerprint}).
 *
 * <p>Why this class is long: it is the render's pipeline in one reading order (latents, batches of
 * frames, variations, segments, joining, the contact sheet), as StyleGAN's networks file keeps one
 * architecture in one place; the parts that stand alone are their own classes ({@link Layout},
 * {@link Bicubic}, {@link ColourVariation}, {@link Bt709}, {@link Segments},
 * {@link SignalledH264Encoder}).
 */
public final class LoopVideo {
    /** Frames generated per batch. */
    static final int BATCH = 16;
    /** Frames per segment: the unit of parallel work and of resuming, about two seconds at 30 fps. A multiple of {@link #BATCH}. */
    public static final int SEGMENT = 64;
    static final long KEYFRAME_STREAM = 5;
    /** Width of a frame in the variations' contact sheet. */
    static final int SHEET_FRAME_WIDTH = 320;
    /** Keyframes shown per video in that sheet, at most. */
    static final int SHEET_COLUMNS = 12;

    private LoopVideo() {}

    /** A video made: the original loop or one of its colour variations. */
    public record Video(ColourVariation variation, Path mp4) {}

    /**
     * @param frames frames per video
     * @param seconds wall time spent
     * @param inferenceSeconds of which the generators worked
     * @param encodeSeconds time the encoders worked, summed over threads (scaling, colour conversion, H.264)
     * @param threads encoders that ran in parallel
     * @param resumedSegments segments (of all videos) found finished from an earlier, stopped render
     * @param videos the original first, then the variations
     * @param keyframes a contact sheet of the keyframes' probes (A's and B's panels)
     * @param variationSheet every video's frame at every keyframe, one row per video (null without variations)
     */
    public record Result(int frames, double seconds, double inferenceSeconds, double encodeSeconds, int threads,
            int resumedSegments, List<Video> videos, Path keyframes, Path variationSheet) {}

    /** A render was asked to stop; the segments it finished are kept and the same render continues from them. */
    public static final class Stopped extends IOException {
        /** A render stopped with {@code finished} of its {@code total} segments on disk. */
        public Stopped(int finished, int total) {
            super("stopped with " + finished + " of " + total + " segments encoded; the same command continues");
        }
    }

    /** The name of a video's file in the output directory. */
    public static String fileName(ColourVariation v) {
        return v == ColourVariation.ORIGINAL ? "video.mp4" : "video-" + v.name() + ".mp4";
    }

    /**
     * Renders the loop and its variations into {@code out} ({@link #fileName}), with
     * {@code keyframes.png} and, with variations, {@code variations.png}.
     *
     * @param work where segments are kept until every video is whole; segments of other settings there are removed
     * @param threads encoders in parallel, at least 1
     * @param progress told the frames done, over all videos ({@code frames × videos} in all)
     * @param stop asked between segments
     * @throws Stopped when {@code stop} said so
     */
    public static Result render(Trainer trainer, RenderSettings s, Path work, Path out, int threads,
            IntConsumer progress, BooleanSupplier stop) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads);
        }
        long started = System.nanoTime();
        int zDim = trainer.genome().zDim();
        float[][] keys = keyframes(s.seed(), s.keyframes(), zDim);
        int frames = s.frames();
        int segmentCount = (frames + SEGMENT - 1) / SEGMENT;
        List<ColourVariation> variations = new ArrayList<>();
        variations.add(ColourVariation.ORIGINAL);
        variations.addAll(ColourVariation.of(s.seed(), s.variations()));
        Files.createDirectories(out);
        Segments segments = new Segments(clearOthers(work, "segments-" + s.fingerprint()));

        int resumed = 0;
        List<Integer> todo = new ArrayList<>();
        for (int seg = 0; seg < segmentCount; seg++) {
            int finished = segments.finished(seg, variations.size());
            resumed += finished;
            if (finished < variations.size()) {
                todo.add(seg);
            }
        }
        AtomicInteger framesDone = new AtomicInteger();
        framesDone.addAndGet(resumed * SEGMENT); // approximately: the last segment may be shorter
        IntConsumer report = n -> {
            synchronized (progress) {
                progress.accept(Math.min(n, frames * variations.size()));
            }
        };
        report.accept(framesDone.get());

        ProbeImages keyImages = trainer.render(flatten(keys), keys.length);
        int resolution = keyImages.resolution();
        long segmentBytes = 2L * SEGMENT * resolution * resolution * Integer.BYTES;
        int inFlight = (int) Math.max(1, Math.min(threads + 1, Runtime.getRuntime().maxMemory() / 4 / segmentBytes));
        Semaphore slots = new Semaphore(inFlight);
        // One thread renders serially; more run that many encoders beside the generators.
        ExecutorService encoders = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "render-encoder");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<Encoding> local = ThreadLocal.withInitial(() -> new Encoding(s, resolution));
        AtomicLong encodeNanos = new AtomicLong();
        double inference = 0;
        List<Future<?>> running = new ArrayList<>();
        boolean stopped = false;
        boolean cpu = !trainer.device().isGpu();
        int threadsBefore = cpu ? ai.djl.pytorch.jni.JniUtils.getNumThreads() : 0;
        if (cpu) {
            Devices.useCpuThreads(inferenceThreads());
        }
        try {
            for (int seg : todo) {
                if (stop.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                failFast(running);
                int first = seg * SEGMENT;
                int count = Math.min(SEGMENT, frames - first);
                long t0 = System.nanoTime();
                int[][][] pixels = generate(trainer, keys, first, count, frames, zDim);
                inference += (System.nanoTime() - t0) / 1e9;
                List<Integer> videos = new ArrayList<>();
                for (int v = 0; v < variations.size(); v++) {
                    if (!segments.done(v, seg)) {
                        videos.add(v);
                    }
                }
                slots.acquire();
                AtomicInteger left = new AtomicInteger(videos.size());
                for (int v : videos) {
                    ColourVariation variation = variations.get(v);
                    int segment = seg;
                    Callable<Void> encode = () -> {
                        long e0 = System.nanoTime();
                        try {
                            local.get().encode(pixels, variation, segments, v, segment,
                                    () -> report.accept(framesDone.incrementAndGet()));
                        } finally {
                            encodeNanos.addAndGet(System.nanoTime() - e0);
                            if (left.decrementAndGet() == 0) {
                                slots.release();
                            }
                        }
                        return null;
                    };
                    if (encoders == null) {
                        encode.call();
                    } else {
                        running.add(encoders.submit(encode));
                    }
                }
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("an encoder failed: " + e.getCause(), e.getCause());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the render failed: " + e, e);
        } finally {
            if (encoders != null) {
                encoders.shutdownNow();
            }
            if (cpu) {
                Devices.useCpuThreads(threadsBefore);
            }
        }
        if (stopped) {
            int finished = 0;
            for (int seg = 0; seg < segmentCount; seg++) {
                finished += segments.finished(seg, variations.size());
            }
            throw new Stopped(finished, segmentCount * variations.size());
        }

        List<Video> videos = new ArrayList<>();
        for (int v = 0; v < variations.size(); v++) {
            Path mp4 = out.resolve(fileName(variations.get(v)));
            segments.mux(v, segmentCount, s.width(), s.height(), s.fps(), mp4);
            videos.add(new Video(variations.get(v), mp4));
        }
        Path keySheet = out.resolve("keyframes.png");
        SampleSheet.write(keyImages, keySheet);
        Path variationSheet = null;
        if (s.variations() > 0) {
            variationSheet = out.resolve("variations.png");
            SampleSheet.writePng(variationSheet(s, keyImages, variations), variationSheet);
        }
        deleteTree(segments.dir());
        return new Result(frames, (System.nanoTime() - started) / 1e9, inference, encodeNanos.get() / 1e9, threads,
                resumed, videos, keySheet, variationSheet);
    }

    /**
     * libtorch threads of the generators during a render on CPU: a quarter of the cores, at least
     * one. Fixed per machine, not by the render's {@code threads}, so the frames do not depend on
     * that number; on this kind of network a second libtorch thread hardly speeds a batch up (19
     * against 20 ms a bench64 frame), while the encoders use every core they get.
     */
    static int inferenceThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 4);
    }

    /** Rethrows the failure of an encoder that already ended, so a broken render stops early. */
    private static void failFast(List<Future<?>> running) throws InterruptedException, ExecutionException {
        for (Future<?> f : running) {
            if (f.isDone()) {
                f.get();
            }
        }
        running.removeIf(Future::isDone);
    }

    /** One encoder thread's reusable buffers. */
    private static final class Encoding {
        private final RenderSettings s;
        private final Canvas canvas;
        private final Picture picture;
        private final ByteBuffer buffer;
        private final int[] a;
        private final int[] b;

        Encoding(RenderSettings s, int resolution) {
            this.s = s;
            canvas = new Canvas(s, resolution);
            picture = Picture.create(s.width(), s.height(), ColorSpace.YUV420J);
            buffer = ByteBuffer.allocate(Math.max(1 << 16, s.width() * s.height() * 2));
            a = new int[resolution * resolution];
            b = new int[resolution * resolution];
        }

        void encode(int[][][] pixels, ColourVariation variation, Segments segments, int video, int segment,
                Runnable frameDone) throws IOException {
            SignalledH264Encoder encoder = new SignalledH264Encoder(s.quality());
            try (Segments.Writer writer = segments.writer(video, segment)) {
                for (int[][] frame : pixels) {
                    variation.apply(frame[0], a);
                    variation.apply(frame[1], b);
                    Bt709.convert(canvas.draw(a, b), s.width(), s.height(), picture);
                    buffer.clear();
                    writer.add(encoder.encodeFrame(picture, buffer).getData());
                    frameDone.run();
                }
                writer.finish();
            }
        }
    }

    /** Frames {@code first …} of the loop as displayed pixels: [frame][A, B][pixel] 0xRRGGBB. */
    static int[][][] generate(Trainer trainer, float[][] keys, int first, int count, int frames, int zDim) {
        int[][][] out = new int[count][][];
        for (int start = 0; start < count; start += BATCH) {
            int n = Math.min(BATCH, count - start);
            float[] latents = new float[n * zDim];
            for (int i = 0; i < n; i++) {
                System.arraycopy(latentAt(keys, (first + start + i) / (double) frames), 0, latents, i * zDim, zDim);
            }
            ProbeImages images = trainer.render(latents, n);
            for (int i = 0; i < n; i++) {
                out[start + i] = new int[][] {SampleSheet.rgb(images.a(), i, images.resolution()), SampleSheet.rgb(images.b(), i, images.resolution())};
            }
        }
        return out;
    }

    /**
     * Every video's frame at the keyframes (at most {@link #SHEET_COLUMNS}, evenly spread): one
     * row per video, labelled with its variation; frames shrink when there are many videos, so
     * that 180 variations still make a sheet a viewer opens.
     */
    static BufferedImage variationSheet(RenderSettings s, ProbeImages keys, List<ColourVariation> variations) {
        int w = Math.max(96, Math.min(SHEET_FRAME_WIDTH, SHEET_FRAME_WIDTH * 12 / variations.size()));
        int h = Math.max(2, (int) Math.round((double) w * s.height() / s.width()) / 2 * 2);
        int gap = (int) Math.round((double) s.gap() * w / s.width());
        int columns = Math.min(SHEET_COLUMNS, keys.count());
        int label = 18;
        int border = 4;
        BufferedImage sheet = new BufferedImage(columns * (w + border) + border,
                variations.size() * (h + label + border) + border, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        Canvas canvas = new Canvas(w, h, s.layout(), gap, s.background(), keys.resolution());
        int[] a = new int[keys.resolution() * keys.resolution()];
        int[] b = new int[a.length];
        for (int row = 0; row < variations.size(); row++) {
            int y = border + row * (h + label + border);
            g.setColor(Color.WHITE);
            g.drawString(variations.get(row).name(), border, y + 13);
            for (int c = 0; c < columns; c++) {
                int k = (int) ((long) c * keys.count() / columns);
                variations.get(row).apply(SampleSheet.rgb(keys.a(), k, keys.resolution()), a);
                variations.get(row).apply(SampleSheet.rgb(keys.b(), k, keys.resolution()), b);
                canvas.draw(a, b);
                g.drawImage(canvas.image(), border + c * (w + border), y + label, null);
            }
        }
        canvas.dispose();
        g.dispose();
        return sheet;
    }

    /** {@code work/keep}, created; every other entry of {@code work} (segments of other settings) removed. */
    private static Path clearOthers(Path work, String keep) throws IOException {
        Files.createDirectories(work);
        try (var entries = Files.list(work)) {
            for (Path p : entries.toList()) {
                if (!p.getFileName().toString().equals(keep)) {
                    deleteTree(p);
                }
            }
        }
        return work.resolve(keep);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static float[] flatten(float[][] keys) {
        int zDim = keys[0].length;
        float[] all = new float[keys.length * zDim];
        for (int k = 0; k < keys.length; k++) {
            System.arraycopy(keys[k], 0, all, k * zDim, zDim);
        }
        return all;
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
}
