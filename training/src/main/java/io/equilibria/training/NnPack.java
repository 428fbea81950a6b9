package io.equilibria.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps libtorch from trying NNPACK for CPU convolutions (what {@code
 * torch.backends.nnpack.set_flags(False)} does in Python; DJL has no switch for it, so it is
 * called through the foreign-function API on libtorch's own {@code
 * at::globalContext().setUserEnabledNNPACK(false)}).
 *
 * <p>Why: libtorch considers NNPACK for the convolutions oneDNN leaves to it (1 × 1 filters on one
 * thread with a small batch: every training of a search that runs two at once, one thread each).
 * Where NNPACK cannot initialise (seen on an AVX-512 AMD EPYC: "Could not initialize NNPACK!
 * Reason: Unsupported hardware") libtorch prints that warning on every such convolution, 16,000
 * lines for the suite's SearchTest; where it can, the same genome would run other kernels on one
 * thread than on two. libtorch's own convolution serves those instead.
 */
final class NnPack {
    private static volatile boolean off;

    private NnPack() {}

    /**
     * Switches NNPACK off once per process (later calls return at once); loads the PyTorch engine
     * if it is not loaded yet.
     *
     * @throws IllegalStateException when libtorch's library or its switch cannot be found
     */
    static void off() {
        if (off) {
            return;
        }
        synchronized (NnPack.class) {
            if (!off) {
                set(false);
                off = true;
            }
        }
    }

    private static void set(boolean on) {
        Engine.getEngine("PyTorch");
        Path library = Path.of(LibUtils.getLibtorchPath(), "libtorch_cpu.so");
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException("libtorch's CPU library is not at " + library);
        }
        // Already loaded by DJL: this lookup finds the same copy, and the global arena never unloads it.
        SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
        Linker linker = Linker.nativeLinker();
        MethodHandle context = linker.downcallHandle(symbol(lookup, "_ZN2at13globalContextEv"),
                FunctionDescriptor.of(ValueLayout.ADDRESS));
        MethodHandle setEnabled = linker.downcallHandle(symbol(lookup, "_ZN2at7Context20setUserEnabledNNPACKEb"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_BOOLEAN));
        MethodHandle isEnabled = linker.downcallHandle(symbol(lookup, "_ZNK2at7Context17userEnabledNNPACKEv"),
                FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, ValueLayout.ADDRESS));
        try {
            MemorySegment ctx = (MemorySegment) context.invokeExact();
            setEnabled.invokeExact(ctx, on);
            if ((boolean) isEnabled.invokeExact(ctx) != on) {
                throw new IllegalStateException("libtorch did not take NNPACK " + (on ? "on" : "off"));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot switch libtorch's NNPACK " + (on ? "on" : "off"), e);
        }
    }

    private static MemorySegment symbol(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new IllegalStateException(
                "libtorch has no " + name + ": this libtorch is not the 2.x the program was built against"));
    }
}
