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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps libtorch's CPU convolutions off oneDNN (what {@code torch.backends.mkldnn.enabled = False}
 * does in Python; DJL has no switch for it, so it is called through the foreign-function API on
 * libtorch's own {@code at::globalContext().setUserEnabledMkldnn(false)}).
 *
 * <p>Why: libtorch 2.7.1's oneDNN 3.7.1 convolutions work in blocked layouts that pad the channels
 * to 8 or 16, and on some processors the padding of a backward pass is read uninitialised. A
 * convolution with a few output channels (measured: 3×3, 32 in, 2 to 6 out, batch 7, 32×32, on an
 * AVX-512 AMD EPYC) then returned NaN or garbage input gradients on its first run in a process, so
 * every training there ended non-finite at step 1 or 2, and none was reproducible. libtorch's own
 * (im2col + BLAS) convolutions read only what they write. Set {@code -Dequilibria.onednn=true} to
 * keep oneDNN (for a comparison in {@code bench}).
 */
public final class OneDnn {
    private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);
    /** The system property that keeps oneDNN on when {@code true}. */
    public static final String PROPERTY = "equilibria.onednn";
    private static volatile Boolean enabled;

    private OneDnn() {}

    /**
     * Applies the choice once per process (later calls return at once): oneDNN off unless
     * {@value #PROPERTY} is {@code true}. Loads the PyTorch engine if it is not loaded yet.
     *
     * @return whether libtorch's CPU convolutions use oneDNN from now on
     * @throws IllegalStateException when libtorch's library or its switch cannot be found
     */
    public static boolean apply() {
        Boolean now = enabled;
        if (now != null) {
            return now;
        }
        synchronized (OneDnn.class) {
            if (enabled == null) {
                boolean wanted = Boolean.getBoolean(PROPERTY);
                set(wanted);
                enabled = wanted;
                LOG.info("libtorch CPU convolutions: {}", wanted ? "oneDNN" : "libtorch's own (oneDNN off)");
            }
            return enabled;
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
        MethodHandle setEnabled = linker.downcallHandle(symbol(lookup, "_ZN2at7Context20setUserEnabledMkldnnEb"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_BOOLEAN));
        MethodHandle isEnabled = linker.downcallHandle(symbol(lookup, "_ZNK2at7Context17userEnabledMkldnnEv"),
                FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, ValueLayout.ADDRESS));
        try {
            MemorySegment ctx = (MemorySegment) context.invokeExact();
            setEnabled.invokeExact(ctx, on);
            if ((boolean) isEnabled.invokeExact(ctx) != on) {
                throw new IllegalStateException("libtorch did not take oneDNN " + (on ? "on" : "off"));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot switch libtorch's oneDNN " + (on ? "on" : "off"), e);
        }
    }

    private static MemorySegment symbol(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new IllegalStateException(
                "libtorch has no " + name + ": this libtorch is not the 2.x the program was built against"));
    }
}
