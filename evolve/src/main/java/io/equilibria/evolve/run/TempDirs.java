package io.equilibria.evolve.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories of benchmarks and the warm-up, removed when they are done. */
public final class TempDirs {
    private TempDirs() {}

    /** A new scratch directory named {@code equilibria-<purpose>-...} in the system's temporary folder. */
    public static Path create(String purpose) {
        try {
            return Files.createTempDirectory("equilibria-" + purpose);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create a scratch directory for " + purpose, e);
        }
    }

    /** Deletes {@code dir} and everything in it, as far as it can (a scratch directory: the OS cleans up the rest). */
    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // already gone, or unreadable: nothing more to do for a scratch directory
        }
    }
}
