package io.equilibria.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum whose constants are written in JSON (Jackson reads and writes them by {@link #jsonName}),
 * the CLI and the docs under their lower-case names.
 */
public interface Choice {
    /** The enum constant's name (implemented by every enum). */
    String name();

    /** The name used in JSON, the CLI and the docs: the constant's name in lower case. */
    @JsonValue
    default String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} named {@code name} (as {@link #jsonName}, any case), or null. */
    static <E extends Enum<E> & Choice> E parseIgnoringCase(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.jsonName().equalsIgnoreCase(name)) {
                return e;
            }
        }
        return null;
    }

    /** Every constant's name of {@code type}, comma-separated, for messages. */
    static <E extends Enum<E> & Choice> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::jsonName).collect(Collectors.joining(", "));
    }

    static <E extends Enum<E> & Choice> E parse(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.jsonName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
