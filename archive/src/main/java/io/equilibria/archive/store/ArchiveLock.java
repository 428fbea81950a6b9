package io.equilibria.archive.store;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveInUseException;
import io.equilibria.archive.Owner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Who may open an archive: the process holding an operating-system lock on {@code <archive>.lock}.
 * Taken before anything else is read, so that the decision to trust or rebuild the MapDB file is
 * made by its only user. The file stays; the lock goes with the process, however it ends.
 */
public final class ArchiveLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ArchiveLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static Path fileOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".lock");
    }

    /** @throws ArchiveInUseException when another process (or another open in this one) holds it */
    static ArchiveLock acquire(Path archive) {
        FileChannel channel;
        try {
            channel = FileChannel.open(fileOf(archive), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ArchiveException("archive " + archive + ": cannot create its lock file " + fileOf(archive)
                    + " (" + e.getMessage() + ")");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("archive " + archive + ": cannot lock " + fileOf(archive), e);
        }
        if (lock == null) {
            close(channel);
            throw new ArchiveInUseException(archive, Owner.read(archive));
        }
        return new ArchiveLock(channel, lock);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        close(channel);
    }
}
