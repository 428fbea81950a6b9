package io.equilibria.archive;

import java.nio.file.Path;

/** Another process owns the archive (it holds MapDB's file lock). */
public final class ArchiveInUseException extends ArchiveException {
    private final transient Owner owner;

    public ArchiveInUseException(Path file, Owner owner) {
        super("archive " + file + " is in use by " + (owner == null ? "another process" : owner.describe())
                + (owner != null && owner.port() > 0 ? "; reads go through it, writes must wait until it ends" : ""));
        this.owner = owner;
    }

    /** The owner as it described itself, or null when it left no owner file. */
    public Owner owner() {
        return owner;
    }
}
