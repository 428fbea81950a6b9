package io.equilibria.training.video;

import io.equilibria.config.ConfigException;
import java.awt.Rectangle;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where A and B sit in a frame. Each generator's square image is fitted into its cell (as large as
 * the cell allows, centred), so that no layout stretches a picture; what the squares leave free
 * shows the background colour.
 */
public enum Layout {
    /** A on the left, B on the right. */
    SIDE,
    /** A above, B below. */
    STACK,
    /** A alone. */
    A,
    /** B alone. */
    B;

    /** The option's spelling: {@code side}, {@code stack}, {@code a}, {@code b}. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads an option value, naming {@code --layout} when it is none of the four. */
    public static Layout parse(String text) {
        for (Layout l : values()) {
            if (l.optionName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new ConfigException("--layout", "\"" + text + "\" is not one of "
                + String.join(", ", Arrays.stream(values()).map(Layout::optionName).toList()));
    }

    /**
     * The squares A and B are drawn into, in a frame of {@code width} × {@code height} with
     * {@code gap} pixels between the two cells (and none around them).
     *
     * @return {A's square, B's square}; the square of a generator that is not shown is null
     */
    public Rectangle[] squares(int width, int height, int gap) {
        return switch (this) {
            case SIDE -> {
                int cell = (width - gap) / 2;
                yield new Rectangle[] {fit(0, 0, cell, height), fit(width - cell, 0, cell, height)};
            }
            case STACK -> {
                int cell = (height - gap) / 2;
                yield new Rectangle[] {fit(0, 0, width, cell), fit(0, height - cell, width, cell)};
            }
            case A -> new Rectangle[] {fit(0, 0, width, height), null};
            case B -> new Rectangle[] {null, fit(0, 0, width, height)};
        };
    }

    private static Rectangle fit(int x, int y, int w, int h) {
        int side = Math.min(w, h);
        return new Rectangle(x + (w - side) / 2, y + (h - side) / 2, side, side);
    }
}
