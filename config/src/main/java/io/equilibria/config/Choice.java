package io.equilibria.config;

/** An enum whose constants are written in JSON under a lower-case name. */
public interface Choice {
    /** The name used in JSON, the CLI and the docs. */
    String jsonName();

    static <E extends Enum<E> & Choice> E parse(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.jsonName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
