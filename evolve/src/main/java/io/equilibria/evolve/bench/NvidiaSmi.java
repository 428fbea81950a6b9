package io.equilibria.evolve.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Questions to NVIDIA's {@code nvidia-smi}: it reads the driver without creating a CUDA context in
 * this process, and it is on every server with the driver (no toolkit needed).
 */
public final class NvidiaSmi {
    private NvidiaSmi() {}

    /**
     * One {@code --query-gpu} field (as {@code driver_version}, {@code memory.total}) of GPU
     * {@code index}, or of the first GPU when {@code index} is negative; empty where there is no
     * {@code nvidia-smi} or it fails.
     */
    public static Optional<String> query(String field, int index) {
        List<String> command = new ArrayList<>(List.of("nvidia-smi", "--query-gpu=" + field,
                "--format=csv,noheader,nounits"));
        if (index >= 0) {
            command.addAll(List.of("-i", Integer.toString(index)));
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return text.lines().findFirst().map(String::trim).filter(s -> !s.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
