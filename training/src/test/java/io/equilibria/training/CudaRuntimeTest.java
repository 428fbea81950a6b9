package io.equilibria.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cuda build's own CUDA runtime, on jars laid out as DJL's natives jars are (the real
 * pytorch-native-cu124 2.5.1 lists {@code libcudart-8774224f.so.12} among its libraries).
 */
class CudaRuntimeTest {
    static final String CU124 = "version=2.5.1-20241113\nflavor=cu124\nclassifier=linux-x86_64\n"
            + "libraries=libc10.so,libc10_cuda.so,libcudart-8774224f.so.12,libtorch.so\n";

    @TempDir
    Path dir;

    private URLClassLoader jar(String name, Map<String, byte[]> files) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            for (var f : files.entrySet()) {
                jar.putNextEntry(new ZipEntry(f.getKey()));
                jar.write(f.getValue());
                jar.closeEntry();
            }
        }
        return new URLClassLoader(new URL[] {file.toUri().toURL()}, null);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theCpuBuildHasNoCudaRuntimeAndPreparesNothing() {
        assertTrue(CudaRuntime.bundled(CudaRuntime.class.getClassLoader()).isEmpty(), "pytorch-native-cpu is the build here");
        assertTrue(CudaRuntime.prepare().isEmpty());
        assertTrue(CudaRuntime.problem().isEmpty());
    }

    @Test
    void aCudaNativesJarsRuntimeIsFoundAndCopiedOnceUnderTheNameJnaLooksFor() throws IOException {
        byte[] runtime = utf8("the runtime's bytes");
        try (URLClassLoader loader = jar("cu124.jar", Map.of(CudaRuntime.PROPERTIES, utf8(CU124),
                "pytorch/cu124/linux-x86_64/libcudart-8774224f.so.12", runtime))) {
            CudaRuntime.Bundled b = CudaRuntime.bundled(loader).orElseThrow();
            assertEquals(new CudaRuntime.Bundled("cu124", "linux-x86_64", "2.5.1-20241113", "libcudart-8774224f.so.12"), b);
            Path root = dir.resolve("cache");
            Path copied = CudaRuntime.extract(b, loader, root);
            assertEquals(root.resolve("2.5.1-20241113-cu124-linux-x86_64"), copied);
            assertArrayEquals(runtime, Files.readAllBytes(copied.resolve("libcudart.so")));
            try (var left = Files.list(copied)) {
                assertEquals(1, left.count(), "no temporary file is left beside it");
            }
            Files.writeString(copied.resolve("libcudart.so"), "kept");
            CudaRuntime.extract(b, loader, root);
            assertEquals("kept", Files.readString(copied.resolve("libcudart.so")), "a copy already there is kept");
        }
    }

    @Test
    void aCpuNativesJarIsNotACudaOne() throws IOException {
        try (URLClassLoader loader = jar("cpu.jar", Map.of(CudaRuntime.PROPERTIES,
                utf8("version=2.7.1\nflavor=cpu\nclassifier=linux-x86_64\nlibraries=libc10.so,libtorch.so\n")))) {
            assertTrue(CudaRuntime.bundled(loader).isEmpty());
        }
    }

    @Test
    void aJarListingARuntimeItDoesNotHoldIsNamedAndNothingIsLeft() throws IOException {
        try (URLClassLoader loader = jar("broken.jar", Map.of(CudaRuntime.PROPERTIES, utf8(CU124)))) {
            CudaRuntime.Bundled b = CudaRuntime.bundled(loader).orElseThrow();
            Path root = dir.resolve("cache");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> CudaRuntime.extract(b, loader, root));
            assertTrue(e.getMessage().contains("pytorch/cu124/linux-x86_64/libcudart-8774224f.so.12"), e.getMessage());
            assertFalse(Files.exists(root.resolve("2.5.1-20241113-cu124-linux-x86_64/libcudart.so")));
        }
    }

    @Test
    void aRuntimeThatDoesNotLoadIsExplainedInOneLine() throws IOException {
        Path notALibrary = Files.writeString(dir.resolve("libcudart.so"), "not an ELF file");
        String problem = CudaRuntime.problem(notALibrary).orElseThrow();
        assertTrue(problem.startsWith("the bundled CUDA runtime " + notALibrary + " does not load"), problem);
        assertFalse(problem.contains("\n"), problem);
    }
}
