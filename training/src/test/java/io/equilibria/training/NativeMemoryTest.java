package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
    @Test
    void onGlibcFreeMemoryCanBeHandedBack() {
        assumeTrue(Files.exists(Path.of("/lib/x86_64-linux-gnu/libc.so.6"))
                || Files.exists(Path.of("/lib/aarch64-linux-gnu/libc.so.6")), "not a glibc system");
        assertTrue(NativeMemory.trim(), "malloc_trim could not be called (is native access enabled?)");
    }
}
