package io.equilibria.evolve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.archive.Clustering;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Status;
import io.equilibria.archive.Thumbnails;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.Preset;
import io.equilibria.fitness.Score;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code equilibria cluster} on an archive whose entries come in three kinds. */
public class ClusterCommandTest {
    private static final int PER_KIND = 12;

    @TempDir
    Path dir;

    /** Kind c: descriptors around centre c, thumbnails of hue c (A) and its complement (B), with noise. */
    private static Map<String, Integer> fill(Path db) throws IOException {
        Random random = new Random(5);
        double[][] centres = {{0, 0, 0, 0}, {6, 1, -3, 2}, {-2, 7, 3, -4}};
        int[][] colours = {{200, 40, 40}, {40, 180, 60}, {50, 60, 210}};
        Map<String, Integer> kinds = new HashMap<>();
        try (Archive archive = Archive.open(db)) {
            for (int i = 0; i < 3 * PER_KIND; i++) {
                int kind = i % 3;
                Map<String, Double> descriptor = new LinkedHashMap<>();
                for (int f = 0; f < centres[kind].length; f++) {
                    descriptor.put("feature_" + f, centres[kind][f] + 0.5 * random.nextGaussian());
                }
                Entry e = Entry.pending(Preset.TINY.genome().withSeed(1000 + i), Preset.TINY.run(), "test", List.of(), 0)
                        .withEvaluation(Status.EVALUATED, "", new Score(0.5, "alive", "steady"),
                                new Score(random.nextDouble(), "", ""), descriptor, null);
                Thumbnails t = new Thumbnails(png(colours[kind], random, false), png(colours[kind], random, true));
                archive.write(w -> {
                    w.put(e, t);
                    return null;
                });
                kinds.put(e.id(), kind);
            }
            // Not evaluated: left out of the clustering.
            archive.write(w -> {
                w.put(Entry.pending(Preset.TINY.genome().withSeed(5), Preset.TINY.run(), "import", List.of(), 0), null);
                return null;
            });
        }
        return kinds;
    }

    private static byte[] png(int[] rgb, Random random, boolean complement) throws IOException {
        BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                int[] c = new int[3];
                for (int k = 0; k < 3; k++) {
                    int v = (complement ? 255 - rgb[k] : rgb[k]) + random.nextInt(41) - 20;
                    c[k] = Math.max(0, Math.min(255, v));
                }
                image.setRGB(x, y, (c[0] << 16) | (c[1] << 8) | c[2]);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** Whether the labels group the entries exactly as their kinds do. */
    private static void assertSameGroups(Map<String, Integer> kinds, Map<String, Integer> labels) {
        assertEquals(kinds.keySet(), labels.keySet());
        Map<Integer, Integer> kindOfLabel = new HashMap<>();
        kinds.forEach((id, kind) -> {
            Integer before = kindOfLabel.putIfAbsent(labels.get(id), kind);
            assertTrue(before == null || before.equals(kind), "cluster " + labels.get(id) + " mixes kinds");
        });
        assertEquals(3, kindOfLabel.size());
    }

    @Test
    void descriptorsAndPixelsBothFindTheThreeKindsAndTheLabelsLandInTheArchive() throws Exception {
        Path db = dir.resolve("c.db");
        Map<String, Integer> kinds = fill(db);
        Path out = dir.resolve("clusters");
        Cli cli = Cli.run("cluster", "--archive", db.toString(), "--out", out.toString(), "--seed", "3");
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().startsWith("3 clusters of 36 entries by descriptors (k chosen by silhouette over 2..19)"),
                cli.out() + cli.err());
        for (String name : new String[] {"silhouette.png", "explained-variance.png", "pca-2d.png", "pca-3d.png",
            "cluster-00.png", "cluster-01.png", "cluster-02.png"}) {
            BufferedImage image = ImageIO.read(out.resolve(name).toFile());
            assertTrue(image != null && image.getWidth() > 100, name);
        }
        List<String> csv = Files.readAllLines(out.resolve("clusters.csv"));
        assertEquals("id,cluster,pc1,pc2,pc3", csv.get(0));
        assertEquals(37, csv.size());
        Clustering stored;
        try (Archive archive = Archive.open(db)) {
            stored = archive.clustering().orElseThrow();
        }
        assertEquals(3, stored.k());
        assertTrue(stored.automatic());
        assertEquals(18, stored.silhouetteByK().size());
        assertSameGroups(kinds, stored.labels());
        assertTrue(stored.silhouette() > 0.5, "well separated: " + stored.silhouette());
        assertEquals(stored.silhouette(), stored.silhouetteByK().values().stream().mapToDouble(d -> d).max().orElseThrow());
        assertTrue(cli.out().contains(String.format(java.util.Locale.ROOT, "silhouette %.3f (%s)", stored.silhouette(),
                io.equilibria.archive.cluster.Silhouette.reading(stored.silhouette()))), cli.out());

        // The same seed gives the same clustering; pixels (as in the seed) find the same three kinds.
        Cli again = Cli.run("cluster", "--archive", db.toString(), "--out", dir.resolve("again").toString(), "--seed", "3");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(Files.readAllLines(out.resolve("clusters.csv")), Files.readAllLines(dir.resolve("again/clusters.csv")));
        Cli pixels = Cli.run("cluster", "--on", "pixels", "--k", "3", "--archive", db.toString(), "--out",
                dir.resolve("pixels").toString(), "--canvas", "11x8.5in", "--dpi", "100");
        assertEquals(0, pixels.exitCode(), pixels.err());
        try (Archive archive = Archive.open(db)) {
            Clustering byPixels = archive.clustering().orElseThrow();
            assertEquals("pixels", byPixels.on());
            assertSameGroups(kinds, byPixels.labels());
        }
        Path canvas = dir.resolve("pixels/cluster-00.png");
        BufferedImage image = ImageIO.read(canvas.toFile());
        assertEquals(1100, image.getWidth());
        assertEquals(850, image.getHeight());
        assertTrue(Files.notExists(dir.resolve("pixels/cluster-00-2.png")), "12 members fit one letter-size canvas");
        assertEquals(3937, pixelsPerMetre(canvas), "100 dpi is recorded for printing");
    }

    private static int pixelsPerMetre(Path png) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            IIOMetadataNode phys = (IIOMetadataNode) root.getElementsByTagName("pHYs").item(0);
            return Integer.parseInt(phys.getAttribute("pixelsPerUnitXAxis"));
        }
    }

    @Test
    void badInputGetsOneLineAndExitCodeTwo() throws IOException {
        Path db = dir.resolve("c.db");
        fill(db);
        Path small = dir.resolve("small.db");
        try (Archive archive = Archive.open(small)) {
            // an empty archive
        }
        String[][] cases = {
            {"--k: \"many\" is not auto or a number of clusters", "--k", "many"},
            {"--k: 1 clusters", "--k", "1"},
            {"--k 40: must be between 2 and 35 for 36 entries", "--k", "40"},
            {"--on: \"colours\" is not descriptors or pixels", "--on", "colours"},
            {"--canvas: \"11x11\" is not auto or a size", "--canvas", "11x11"},
            {"--dpi: 0 is not between 10 and 2400", "--canvas", "11x11in", "--dpi", "0"},
            {"--status: \"done\" is not one of", "--status", "done"},
            {"clustering needs at least 3 entries with behaviour descriptors and status promoted", "--status", "promoted"},
        };
        List<String> failures = new ArrayList<>();
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("cluster", "--archive", db.toString(), "--out",
                    dir.resolve("bad").toString()));
            args.addAll(List.of(c).subList(1, c.length));
            Cli cli = Cli.run(args.toArray(String[]::new));
            if (cli.exitCode() != 2 || !cli.err().startsWith("equilibria: ") || !cli.err().contains(c[0])
                    || cli.err().lines().count() != 1) {
                failures.add(String.join(" ", args) + " -> " + cli.exitCode() + ": " + cli.err());
            }
        }
        Cli empty = Cli.run("cluster", "--archive", small.toString());
        if (empty.exitCode() != 2 || !empty.err().contains("has 0")) {
            failures.add("empty archive -> " + empty.exitCode() + ": " + empty.err());
        }
        Cli missing = Cli.run("cluster", "--archive", dir.resolve("none.db").toString());
        if (missing.exitCode() != 2 || !missing.err().contains("no archive at")) {
            failures.add("missing archive -> " + missing.exitCode() + ": " + missing.err());
        }
        assertEquals(List.of(), failures);
        assertTrue(Files.notExists(dir.resolve("bad")) || Files.list(dir.resolve("bad")).findAny().isEmpty(),
                "nothing is written for bad input");
    }

    @Test
    void aMapOverTwoFeaturesShowsEachCellsBestFindAndTheCoverage() throws Exception {
        Path db = dir.resolve("m.db");
        fill(db);
        Path out = dir.resolve("maps");
        Cli cli = Cli.run("cluster", "--map", "feature_0,feature_1", "--out", out.toString(), "--archive", db.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().matches("(?s)\\d+ of 100 cells filled \\(\\d+% coverage\\) by 36 living finds -> .*"), cli.out());
        BufferedImage map = ImageIO.read(out.resolve("map-feature_0-feature_1.png").toFile());
        assertEquals(60 + 10 * 96 + 10, map.getWidth());
        Cli unknown = Cli.run("cluster", "--map", "feature_0,colour", "--archive", db.toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().startsWith("equilibria: --map: \"colour\" is not a descriptor feature"), unknown.err());
        Cli oneAxis = Cli.run("cluster", "--map", "feature_0", "--archive", db.toString());
        assertEquals(2, oneAxis.exitCode());
    }
}
