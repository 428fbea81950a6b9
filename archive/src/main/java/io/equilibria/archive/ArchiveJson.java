package io.equilibria.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.equilibria.config.Json;

/**
 * The archive's JSON: the program's one configuration ({@link Json}), with unreadable stored
 * records reported as {@link ArchiveException}s.
 */
public final class ArchiveJson {
    private ArchiveJson() {}

    /** The configured mapper ({@link Json#mapper}). */
    public static ObjectMapper mapper() {
        return Json.mapper();
    }

    /** Compact JSON bytes of a record, a tree's fields sorted ({@link Json#bytes}). */
    public static byte[] bytes(Object value) {
        return Json.bytes(value);
    }

    /** Indented JSON text of a value, for people ({@link Json#pretty}). */
    public static String pretty(Object value) {
        return Json.pretty(value);
    }

    /**
     * A record of {@code type} from JSON bytes; {@code what} names it in the error.
     *
     * @throws ArchiveException "WHAT is unreadable: REASON"
     */
    public static <T> T read(byte[] json, Class<T> type, String what) {
        try {
            return Json.read(json, type, what);
        } catch (IllegalArgumentException e) {
            throw new ArchiveException(e.getMessage());
        }
    }

    /** JSON text with object keys sorted at every level: equal trees give equal text. */
    static String canonical(JsonNode node) {
        return Json.canonical(node);
    }
}
