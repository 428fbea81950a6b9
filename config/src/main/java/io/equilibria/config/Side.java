package io.equilibria.config;

import java.util.Locale;

/**
 * One of the ensemble's two generators. A and B are trained against each other through the
 * discriminator; everything that exists once per generator (genes, pictures, thumbnails, telemetry
 * columns) is addressed by a side.
 */
public enum Side {
    A, B;

    /** The other generator. */
    public Side other() {
        return this == A ? B : A;
    }

    /** The lower-case letter used in file names, URLs and gene paths ("a", "b"). */
    public String letter() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The side named by {@code text} ("a", "A", "b" or "B").
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Side of(String text) {
        return switch (text == null ? "" : text) {
            case "a", "A" -> A;
            case "b", "B" -> B;
            default -> throw new IllegalArgumentException("side must be a or b, not \"" + text + "\"");
        };
    }
}
