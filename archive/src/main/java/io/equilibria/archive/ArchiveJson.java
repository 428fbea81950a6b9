package io.equilibria.archive;

import io.equilibria.config.Json;

/**
 * Reading the archive's JSON: the program's one configuration ({@link Json}, which also writes it),
 * with unreadable stored records reported as {@link ArchiveException}s.
 */
public final class ArchiveJson {
    private ArchiveJson() {}

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
}
