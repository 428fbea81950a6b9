package io.equilibria.evolve.bench;

import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Query;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import io.equilibria.archive.Thumbnails;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.Genome;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import io.equilibria.config.Side;
import io.equilibria.evolve.cluster.JavaProcess;
import io.equilibria.evolve.run.TempDirs;
import io.equilibria.fitness.Evaluation;
import io.equilibria.fitness.Score;
import io.equilibria.fitness.TelemetrySummary;
import io.equilibria.training.ProbeImages;
import io.equilibria.training.SampleSheet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * {@code bench --archive}: an archive of N entries like a search's (cpu genomes, descriptors,
 * 128-pixel thumbnails of smooth, noisy pictures), then the times a user feels: one insert with its
 * thumbnails (its own commit), and, in a fresh JVM like a command's, opening the archive and the
 * first page of a listing by novelty, both directly and through a running owner.
 */
public final class ArchiveBench {
    private static final int BATCH = 250;
    private static final int INSERTS = 100;
    private static final int PAGE = 20;

    /**
     * @param rebuildMs rebuilding the MapDB file from the journal, as the first open after a crash does
     * @param galleryMs the browser's first gallery page (HTML, 48 entries), median of several
     * @param mapMs the browser's map (10 × 10 over two features, every living find placed), median of several
     * @param mapFirstMs the map's first request, which reads every living find
     * @param compareMs the compare page (four informative finds among the best 200), median of several
     */
    public record Result(int entries, double insertMs, double firstPageMs, double openMs, double remotePageMs,
            double fileMb, double fillSeconds, double rebuildMs, double galleryMs, double mapMs, double mapFirstMs,
            double compareMs) {}

    private ArchiveBench() {}

    public static Result run(int entries, Consumer<String> log) {
        Path dir = TempDirs.create("archive-bench");
        Path file = dir.resolve("bench.db");
        try {
            Random random = new Random(1);
            List<Thumbnails> pool = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                pool.add(thumbnails(random));
            }
            long started = System.nanoTime();
            List<String> ids = new ArrayList<>();
            double[] insertMs = new double[INSERTS];
            try (Archive archive = Archive.open(file)) {
                int filled = entries - INSERTS;
                for (int from = 0; from < filled; from += BATCH) {
                    int to = Math.min(filled, from + BATCH);
                    int first = from;
                    archive.write(w -> {
                        for (int i = first; i < to; i++) {
                            Entry e = entry(i, random, ids);
                            w.put(e, pool.get(i % pool.size()));
                            ids.add(e.id());
                        }
                        return null;
                    });
                    if (to % 2000 < BATCH) {
                        log.accept(String.format("archive: %,d entries written", to));
                    }
                }
                for (int k = 0; k < INSERTS; k++) {
                    Entry e = entry(filled + k, random, ids);
                    Thumbnails t = thumbnails(random);
                    long t0 = System.nanoTime();
                    archive.write(w -> {
                        w.put(e, t);
                        return null;
                    });
                    insertMs[k] = (System.nanoTime() - t0) / 1e6;
                    ids.add(e.id());
                }
            }
            double fillSeconds = (System.nanoTime() - started) / 1e9;
            log.accept("archive: timing open and first page in fresh JVMs");
            double[][] direct = new double[3][];
            for (int i = 0; i < direct.length; i++) {
                direct[i] = probe(file);
            }
            double[] remote;
            try (Archive owner = Archive.open(file)) {
                probe(file); // warm the owner's read path once, as a running search's would be
                remote = probe(file);
            }
            log.accept("archive: timing the browser's gallery, map and compare pages");
            double[] galleryMs = page(file, "/");
            double[] mapMs = page(file, "/map");
            double[] compareMs = page(file, "/compare");
            log.accept("archive: rebuilding it from its journal");
            long t0 = System.nanoTime();
            Archive.rebuild(file);
            double rebuildMs = (System.nanoTime() - t0) / 1e6;
            return new Result(entries, Benchmarks.median(insertMs), Benchmarks.median(column(direct, 1)),
                    Benchmarks.median(column(direct, 0)),
                    remote[1], Files.size(file) / 1e6, fillSeconds, rebuildMs, galleryMs[0], mapMs[0], mapMs[1],
                    compareMs[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TempDirs.delete(dir);
        }
    }

    /**
     * Milliseconds for one of {@code equilibria browse}'s pages: {median of 7 after the first, the first}.
     */
    private static double[] page(Path file, String path) throws IOException {
        try (var view = io.equilibria.archive.browse.SharedArchive.open(file);
                var server = io.equilibria.archive.browse.BrowseServer.start(view, "127.0.0.1", 0);
                var client = java.net.http.HttpClient.newHttpClient()) {
            var request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.port() + path)).build();
            double[] ms = new double[8];
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException(path + " answered " + response.statusCode());
                }
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return new double[] {Benchmarks.median(java.util.Arrays.copyOfRange(ms, 1, ms.length)), ms[0]};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** In a fresh JVM: milliseconds to open the archive and to read the first page by novelty. */
    private static double[] probe(Path file) throws IOException {
        Process p = new ProcessBuilder(JavaProcess.command(ArchiveBench.class, file.toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("archive probe failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        String[] parts = out.split(" ");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
    }

    /** The probe: prints "OPEN_MS PAGE_MS" (the page as `archive list` reads it: rows, no JSON). */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        try (ArchiveView view = Archive.read(Path.of(args[0]))) {
            long t1 = System.nanoTime();
            int n = view.rows(Query.first(Sort.NOVELTY, PAGE)).rows().size();
            long t2 = System.nanoTime();
            if (n != PAGE) {
                throw new IllegalStateException("first page has " + n + " entries");
            }
            System.out.println((t1 - t0) / 1e6 + " " + (t2 - t1) / 1e6);
        }
    }

    private static Entry entry(int i, Random random, List<String> ids) {
        Genome genome = Preset.CPU.genome().withSeed(i);
        RunConfig run = Preset.CPU.run();
        Map<String, Double> descriptor = new LinkedHashMap<>();
        for (String name : new String[] {"hue_mean", "hue_spread", "saturation", "value", "colourfulness",
            "spectral_slope", "edge_density", "symmetry_h", "symmetry_v", "ab_difference", "contrast", "entropy"}) {
            descriptor.put(name, random.nextGaussian());
        }
        List<String> parents = ids.size() < 2 ? List.of()
                : List.of(ids.get(random.nextInt(ids.size())), ids.get(random.nextInt(ids.size())));
        TelemetrySummary summary = new TelemetrySummary("completed", "", 300, 40, 30, random.nextDouble(), 3, 4, 1,
                0.2, 0.3, 0.01, 0.02, 1.5);
        return new Entry(Entry.idOf(genome, run), genome, run, i % 10 == 0 ? Status.FAILED : Status.EVALUATED, "",
                new Score(random.nextDouble(), "alive", "gradient norms within 3x their median; probes drift 0.01"),
                new Score(random.nextDouble() * 5, "", "mean distance to 15 nearest"), descriptor, summary, parents,
                i / 16, "bench", Instant.now(), Map.of());
    }

    /** Thumbnails of smooth colour fields with some noise: between a collapsed and a noisy generator. */
    private static Thumbnails thumbnails(Random random) {
        int r = 32;
        int count = 4;
        float[][] sides = new float[2][count * 3 * r * r];
        for (float[] px : sides) {
            double fx = 1 + random.nextDouble() * 6;
            double fy = 1 + random.nextDouble() * 6;
            for (int i = 0; i < px.length; i++) {
                int x = i % r;
                int y = (i / r) % r;
                int c = (i / (r * r)) % 3;
                px[i] = (float) (0.8 * Math.sin(fx * x / r * Math.PI + c) * Math.cos(fy * y / r * Math.PI)
                        + 0.1 * random.nextGaussian());
            }
        }
        ProbeImages probes = new ProbeImages(count, r, sides[0], sides[1]);
        return new Thumbnails(SampleSheet.png(SampleSheet.thumbnail(probes, Side.A, Evaluation.THUMBNAIL)),
                SampleSheet.png(SampleSheet.thumbnail(probes, Side.B, Evaluation.THUMBNAIL)));
    }

    private static double[] column(double[][] rows, int c) {
        return Arrays.stream(rows).mapToDouble(r -> r[c]).toArray();
    }

}
