package io.equilibria.archive;

import io.equilibria.config.Choice;

/** Orders of a listing. Each keeps a sorted index in the archive, so a first page is cheap. */
public enum Sort implements Choice {
    /** The combined score ({@link Entry#combinedScore()}): living finds first, best first. */
    SCORE("q"), NOVELTY("n"), STABILITY("s"), GENERATION("g"), CREATED("c"),
    /** The artist's rating ({@link Rating#value()}): favourites and most stars first, unrated last. */
    RATING("r");

    public final String key;

    Sort(String key) {
        this.key = key;
    }

    /** The order named {@code name} (case-insensitive), or null. */
    public static Sort parse(String name) {
        return Choice.parseIgnoringCase(Sort.class, name);
    }

    /** Every order's name, comma-separated, for messages. */
    public static String names() {
        return Choice.names(Sort.class);
    }
}
