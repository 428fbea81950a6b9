package io.equilibria.config;

/** An enum whose constants are written in JSON, the CLI and the docs under their lower-case names. */
public interface Choice {
    /** The enum constant's name (implemented by every enum). */
    String name();

    /** The name used in JSON, the CLI and the docs: the constant's name in lower case. */
    default String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
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
