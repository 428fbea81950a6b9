package io.equilibria.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.equilibria.config.Genome;
import io.equilibria.config.Json;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import io.equilibria.fitness.Score;
import io.equilibria.fitness.TelemetrySummary;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/** Entries, runs and thumbnails for tests, made the way a search makes them. */
public final class Samples {
    public Samples() {}

    public static Genome genome(long seed) {
        return Preset.TINY.genome().withSeed(seed);
    }

    public static RunConfig run() {
        return Preset.TINY.run();
    }

    /** An evaluated entry whose every field is set. */
    public static Entry evaluated(long seed, double novelty, double stability, int generation, List<String> parents,
            String runId, Map<String, Blob> files) {
        Map<String, Double> descriptor = new LinkedHashMap<>();
        descriptor.put("colourfulness", 0.25 + seed % 7);
        descriptor.put("spectral_slope", -2.1);
        descriptor.put("edge_density", 0.125);
        TelemetrySummary summary = new TelemetrySummary("completed", "", 40, 1.5, 5, 1.25, 3.5, 2.5, 0.75,
                0.125, 0.0625, 0.01, 0.02, 0.5);
        return new Entry(Entry.idOf(genome(seed), run()), genome(seed), run(), Status.EVALUATED, "",
                new Score(stability, "alive", "gradient norms steady, probes drift 0.01"),
                new Score(novelty, "", "mean distance to 15 nearest: " + novelty), descriptor, summary, parents,
                generation, runId, Instant.ofEpochMilli(1_700_000_000_000L + seed * 1000), files);
    }

    public static Entry evaluated(long seed, double novelty) {
        return evaluated(seed, novelty, 0.5, 0, List.of(), "test", Map.of());
    }

    public static SearchRun searchRun(String name) {
        return searchRun(name, 3);
    }

    public static SearchRun searchRun(String name, int generation) {
        ObjectNode config = Json.mapper().createObjectNode().put("preset", "tiny").put("population", 4);
        ObjectNode state = Json.mapper().createObjectNode().put("rng", "0123456789abcdef");
        return new SearchRun(name, config, generation, List.of(new Member("00aa", List.of(0.5, 1.25))), List.of("00aa", "00bb"),
                0.75, 42, state, Instant.parse("2026-11-23T05:00:00Z"), Instant.parse("2026-11-23T06:00:00Z"));
    }

    /** A small PNG of random pixels (incompressible, like a young generator's output). */
    public static byte[] png(long seed, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static Thumbnails thumbnails(long seed) {
        return new Thumbnails(png(seed, 32), png(seed + 1, 32));
    }
}
