package io.equilibria.training;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The CUDA runtime the {@code cuda} build ships, made visible to DJL's GPU check.
 *
 * <p>DJL decides whether to load the CUDA natives of its jar by asking the CUDA runtime how many
 * GPUs there are, and finds that runtime by loading {@code libcudart} through JNA from the
 * system's library path. A server with only the NVIDIA driver has none there (the runtime comes
 * with the CUDA toolkit), so DJL takes it for a CPU machine, ignores the bundled natives, and
 * offline the engine fails to load. The natives jar carries its own runtime (for libtorch, under a
 * hashed name such as {@code libcudart-8774224f.so.12}); {@link #prepare} copies it once to
 * {@code ~/.djl.ai/equilibria-cudart/VERSION-FLAVOR-CLASSIFIER/libcudart.so} and adds that
 * directory to JNA's search path for {@code cudart}, before anything asks DJL about GPUs. (libtorch
 * later loads its own copy under the hashed name; two copies of the runtime in one process share
 * the driver's contexts, as libraries linking the runtime statically do.) Where no CUDA natives are
 * on the class path (the CPU build) it does nothing.
 */
public final class CudaRuntime {
    /** Where the natives jar describes itself (DJL's own convention). */
    static final String PROPERTIES = "native/lib/pytorch.properties";

    private static Optional<Path> prepared;

    private CudaRuntime() {}

    /**
     * The CUDA runtime a natives jar carries: its flavour ({@code cu124}), classifier
     * ({@code linux-x86_64}), libtorch version and the runtime's file name in the jar.
     */
    record Bundled(String flavor, String classifier, String version, String library) {
        /** The runtime's path among the class path's resources. */
        String resource() {
            return "pytorch/" + flavor + "/" + classifier + "/" + library;
        }
    }

    /** The CUDA runtime of the CUDA natives jar on {@code loader}'s class path, if there is one. */
    static Optional<Bundled> bundled(ClassLoader loader) {
        List<URL> urls;
        try {
            urls = Collections.list(loader.getResources(PROPERTIES));
        } catch (IOException e) {
            return Optional.empty();
        }
        for (URL url : urls) {
            Properties p = new Properties();
            try (InputStream in = url.openStream()) {
                p.load(in);
            } catch (IOException e) {
                continue;
            }
            String flavor = p.getProperty("flavor", "");
            if (!flavor.startsWith("cu")) {
                continue;
            }
            for (String library : p.getProperty("libraries", "").split(",")) {
                if (library.trim().matches("libcudart(-[0-9a-f]+)?\\.so(\\.\\d+)*")) {
                    return Optional.of(new Bundled(flavor, p.getProperty("classifier", ""), p.getProperty("version", ""),
                            library.trim()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Copies {@code b}'s runtime out of the jar into {@code root} (once: a copy already there is
     * kept; written under a temporary name and moved, so a crash leaves none half-written).
     *
     * @return the directory holding {@code libcudart.so}
     */
    static Path extract(Bundled b, ClassLoader loader, Path root) {
        Path dir = root.resolve(b.version() + "-" + b.flavor() + "-" + b.classifier());
        Path target = dir.resolve("libcudart.so");
        if (Files.isRegularFile(target)) {
            return dir;
        }
        try (InputStream in = loader.getResourceAsStream(b.resource())) {
            if (in == null) {
                throw new IllegalStateException("the cuda natives jar lists " + b.library() + " but does not hold "
                        + b.resource());
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "libcudart", ".tmp");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the bundled CUDA runtime to " + dir, e);
        }
    }

    /**
     * Makes the bundled CUDA runtime the one DJL finds; call before anything asks DJL about GPUs
     * (the command line does, first). Once per process; nothing on a CPU build.
     *
     * @return the directory of the runtime's copy, or empty on a CPU build
     */
    public static synchronized Optional<Path> prepare() {
        if (prepared == null) {
            ClassLoader loader = CudaRuntime.class.getClassLoader();
            prepared = bundled(loader).map(b -> {
                Path dir = extract(b, loader, ai.djl.util.Utils.getCacheDir().resolve("equilibria-cudart"));
                NativeLibrary.addSearchPath("cudart", dir.toString());
                return dir;
            });
        }
        return prepared;
    }

    /** The few CUDA runtime calls a diagnosis needs. */
    interface Runtime extends Library {
        int cudaGetDeviceCount(int[] count);

        int cudaDriverGetVersion(int[] version);

        int cudaRuntimeGetVersion(int[] version);

        String cudaGetErrorString(int error);
    }

    /**
     * Why the {@code cuda} build would find no GPU here, in one line with what to do; empty when it
     * finds one, and on a CPU build.
     */
    public static Optional<String> problem() {
        return prepare().flatMap(dir -> problem(dir.resolve("libcudart.so")));
    }

    /** Why the CUDA runtime at {@code library} finds no GPU, or empty when it finds one. */
    static Optional<String> problem(Path library) {
        Runtime rt;
        try {
            rt = Native.load(library.toString(), Runtime.class);
        } catch (UnsatisfiedLinkError e) {
            return Optional.of("the bundled CUDA runtime " + library + " does not load (" + firstLine(e)
                    + "): delete it to have it copied again, or rebuild with EQUILIBRIA_PROFILE=cuda");
        }
        int[] runtime = new int[1];
        rt.cudaRuntimeGetVersion(runtime);
        int[] driver = new int[1];
        rt.cudaDriverGetVersion(driver); // 0 where there is no driver
        int[] count = new int[1];
        int error = rt.cudaGetDeviceCount(count);
        if (error == 0 && count[0] > 0) {
            return Optional.empty();
        }
        String needs = "the cuda build's CUDA runtime is " + version(runtime[0]);
        if (driver[0] == 0) {
            return Optional.of("no NVIDIA driver found (libcuda.so.1): " + needs + "; install the NVIDIA driver ("
                    + "nvidia-smi should list the GPU), or run the CPU build (without EQUILIBRIA_PROFILE=cuda)");
        }
        if (driver[0] < runtime[0]) {
            return Optional.of("the NVIDIA driver supports CUDA up to " + version(driver[0]) + ", older than "
                    + version(runtime[0]) + " that the cuda build ships: update the driver (nvidia-smi shows its version)");
        }
        return Optional.of("the CUDA runtime " + version(runtime[0]) + " with driver " + version(driver[0])
                + " finds no GPU: " + (error == 0 ? "none listed" : rt.cudaGetErrorString(error) + " (" + error + ")")
                + "; check nvidia-smi, CUDA_VISIBLE_DEVICES and the device files' permissions");
    }

    private static String version(int v) {
        return v / 1000 + "." + v % 1000 / 10;
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
