package io.equilibria.archive;

/**
 * An archive that cannot be used as asked: missing, not an archive, written by a newer version,
 * an unknown or ambiguous id. The message is one line naming the file or the id.
 */
public class ArchiveException extends RuntimeException {
    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
