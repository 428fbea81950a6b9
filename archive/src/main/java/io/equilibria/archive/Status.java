package io.equilibria.archive;

import io.equilibria.config.Choice;

/**
 * Where an entry is in its life. A search evaluates genomes ({@code evaluated} or {@code failed});
 * an imported genome waits as {@code pending} until a search evaluates it; promotion moves an entry
 * through {@code promoted → training → rendering → rendered}.
 */
public enum Status implements Choice {
    PENDING, EVALUATED, PROMOTED, TRAINING, RENDERING, RENDERED, FAILED;

    /** The status named {@code name} (case-insensitive), or null. */
    public static Status parse(String name) {
        return Choice.parseIgnoringCase(Status.class, name);
    }

    /** Every status's name, comma-separated, for messages. */
    public static String names() {
        return Choice.names(Status.class);
    }
}
