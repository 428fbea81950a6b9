package io.equilibria.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** A training trace as CSV: {@link TelemetryColumn#HEADER}, then one row per telemetry step. */
public final class TelemetryCsv {
    private TelemetryCsv() {}

    /** Replaces {@code file} with the header and {@code rows} (atomically). */
    public static void write(Path file, List<Telemetry> rows) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text(rows), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The header and {@code rows} as CSV text, each line ended. */
    public static String text(List<Telemetry> rows) {
        StringBuilder csv = new StringBuilder(TelemetryColumn.HEADER).append('\n');
        rows.forEach(r -> csv.append(r.toCsv()).append('\n'));
        return csv.toString();
    }

    /** Appends one row to a file that {@link #write} created. */
    public static void append(Path file, Telemetry row) throws IOException {
        Files.writeString(file, row.toCsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
