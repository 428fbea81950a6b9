package io.equilibria.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** A training trace as CSV: {@link Telemetry#CSV_HEADER}, then one row per telemetry step. */
public final class TelemetryCsv {
    private TelemetryCsv() {}

    /** Replaces {@code file} with the header and {@code rows} (atomically). */
    public static void write(Path file, List<Telemetry> rows) throws IOException {
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(Telemetry.CSV_HEADER);
        rows.forEach(r -> lines.add(r.toCsv()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Appends one row to a file that {@link #write} created. */
    public static void append(Path file, Telemetry row) throws IOException {
        Files.writeString(file, row.toCsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
