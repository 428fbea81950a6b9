package io.equilibria.archive;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where an entry is in its life. A search evaluates genomes ({@code evaluated} or {@code failed});
 * an imported genome waits as {@code pending} until a search evaluates it; promotion moves an entry
 * through {@code promoted → training → rendering → rendered}.
 */
public enum Status {
    PENDING, EVALUATED, PROMOTED, TRAINING, RENDERING, RENDERED, FAILED;

    /** The lower-case name used in JSON, on the command line and in the web UI. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status named {@code name} (case-insensitive), or null. */
    public static Status parse(String name) {
        return Arrays.stream(values()).filter(s -> s.jsonName().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    public static String names() {
        return Arrays.stream(values()).map(Status::jsonName).collect(Collectors.joining(", "));
    }
}
