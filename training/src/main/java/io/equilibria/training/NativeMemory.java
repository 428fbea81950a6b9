package io.equilibria.training;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Hands memory that libtorch freed back to the operating system.
 *
 * <p>glibc keeps freed memory in its arenas; with the tensors of many differently shaped models
 * coming and going (one per individual of a search), what it keeps grows by fragmentation, and the
 * process's resident memory with it, although nothing leaks. {@code malloc_trim(0)} after each
 * individual releases the free pages of every arena. Elsewhere than glibc (no such function) this
 * does nothing.
 */
public final class NativeMemory {
    private static final MethodHandle MALLOC_TRIM = find();

    private NativeMemory() {}

    private static MethodHandle find() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("malloc_trim")
                    .map(symbol -> linker.downcallHandle(symbol,
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null; // native access not allowed, or no such C library
        }
    }

    /** Releases free native memory to the operating system; true when there was a way to. */
    public static boolean trim() {
        if (MALLOC_TRIM == null) {
            return false;
        }
        try {
            int released = (int) MALLOC_TRIM.invokeExact(0L);
            return released >= 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /** VmRSS of this process in MB, from /proc (NaN where there is none). */
    public static double residentMb() {
        return status("VmRSS:");
    }

    /**
     * Starts a new peak: the kernel's high-water mark of this process's resident memory (VmHWM)
     * falls back to what is resident now (Linux; true where it could).
     */
    public static boolean resetPeak() {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** The peak resident memory of this process in MB since it started or {@link #resetPeak}. */
    public static double peakResidentMb() {
        return status("VmHWM:");
    }

    private static double status(String field) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux
        }
        return Double.NaN;
    }
}
