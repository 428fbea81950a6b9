package io.equilibria.archive;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Orders of a listing. Each keeps a sorted index in the archive, so a first page is cheap. */
public enum Sort {
    /** The combined score ({@link Entry#combinedScore()}): living finds first, best first. */
    SCORE("q"), NOVELTY("n"), STABILITY("s"), GENERATION("g"), CREATED("c"),
    /** The artist's rating ({@link Rating#value()}): favourites and most stars first, unrated last. */
    RATING("r");

    public final String key;

    Sort(String key) {
        this.key = key;
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Sort parse(String name) {
        return Arrays.stream(values()).filter(s -> s.jsonName().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    public static String names() {
        return Arrays.stream(values()).map(Sort::jsonName).collect(Collectors.joining(", "));
    }
}
