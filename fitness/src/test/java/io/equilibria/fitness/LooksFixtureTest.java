package io.equilibria.fitness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Real sheets of the cpu search (one generator's panel of 8 probes at 32 px, cells of 64; the
 * collapsed ones are a colour-off Series-1 training at 16 px), sorted by eye into folders named for
 * what a person sees: alive, flat, noise, blocky, saturated, collapsed. What {@link Stability#look} says of each must agree with the folder it is in.
 */
class LooksFixtureTest {
    static final int PROBES = 8;
    static final int CELL = 64;
    static final int RESOLUTION = 32;
    static final Map<String, Verdict> LABELS = Map.of("alive", Verdict.ALIVE, "flat", Verdict.FLAT, "noise",
            Verdict.NOISE, "blocky", Verdict.BLOCKY, "saturated", Verdict.EXPLODED, "collapsed", Verdict.COLLAPSED);

    /** A panel; a name ending in {@code -rN.png} holds N-pixel probes (else 32). */
    static Pictures read(Path png) throws IOException {
        BufferedImage panel;
        try (InputStream in = Files.newInputStream(png)) {
            panel = ImageIO.read(in);
        }
        var m = java.util.regex.Pattern.compile("-r(\\d+)\\.png$").matcher(png.getFileName().toString());
        return Pictures.ofPanel(panel, PROBES, CELL, m.find() ? Integer.parseInt(m.group(1)) : RESOLUTION);
    }

    @Test
    void theVerdictsAgreeWithTheEyeOnRealSheets() throws IOException, URISyntaxException {
        Path root = Path.of(LooksFixtureTest.class.getResource("/looks").toURI());
        List<String> disagreements = new ArrayList<>();
        int judged = 0;
        java.util.Set<Verdict> seen = new java.util.HashSet<>();
        for (var label : LABELS.entrySet()) {
            Path dir = root.resolve(label.getKey());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path png : files.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
                    Stability.Look look = Stability.look(read(png));
                    judged++;
                    seen.add(label.getValue());
                    if (look.verdict() != label.getValue()) {
                        disagreements.add(label.getKey() + "/" + png.getFileName() + ": " + look.verdict().jsonName()
                                + " (" + look.reason() + ")");
                    }
                }
            }
        }
        assertTrue(judged >= 25, "the fixture holds " + judged + " sheets");
        assertTrue(seen.containsAll(List.of(Verdict.ALIVE, Verdict.FLAT, Verdict.NOISE, Verdict.BLOCKY,
                Verdict.COLLAPSED, Verdict.EXPLODED)), seen.toString());
        assertEquals(List.of(), disagreements);
    }
}
