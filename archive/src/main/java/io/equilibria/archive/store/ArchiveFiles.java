package io.equilibria.archive.store;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveInUseException;
import io.equilibria.archive.Blob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mapdb.DB;
import org.mapdb.DBMaker;

/**
 * The files of an archive before MapDB opens them: the path's checks (never hand MapDB a file
 * that is not one of ours: it would extend it), the lock with its patience for readers, deleting
 * a store with its write-ahead log, and the size on disk.
 */
final class ArchiveFiles {
    /** The first byte of every MapDB file. */
    private static final byte MAPDB_HEADER = 0x4A;

    private ArchiveFiles() {}

    /** The first line of a throwable's message, for one-line errors. */
    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    static void checkPath(Path file, boolean create) {
        if (Files.isDirectory(file)) {
            throw new ArchiveException("archive " + file + " is a directory, not an archive file");
        }
        if (!Files.exists(file)) {
            if (!create) {
                throw new ArchiveException("no archive at " + file
                        + " (a search or `train --archive` creates one; --archive PATH names another)");
            }
            return;
        }
        if (!Files.isReadable(file) || !Files.isWritable(file)) {
            throw new ArchiveException("archive " + file + " cannot be read and written by this user");
        }
        // MapDB would extend (and so damage) any file it is given: check its header first.
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            if (head.length > 0 && (head.length < 2 || head[0] != MAPDB_HEADER)) {
                throw new ArchiveException("archive " + file + " cannot be opened: it is not an equilibria archive"
                        + " (not a MapDB file); it was left untouched");
            }
        } catch (IOException e) {
            throw new ArchiveException("archive " + file + " cannot be read: " + oneLine(e));
        }
    }


    /**
     * The archive's lock; when a process holds it only to read (a listing, the browser, which lets
     * go when idle), or has not yet said what it holds it for, waits up to {@link
     * Archive#READER_PATIENCE_MILLIS} for it.
     */
    static ArchiveLock acquire(Path file) {
        long deadline = System.currentTimeMillis() + Archive.READER_PATIENCE_MILLIS;
        while (true) {
            try {
                return ArchiveLock.acquire(file);
            } catch (ArchiveInUseException e) {
                // No owner file: the holder is between taking the lock and describing itself, or
                // between removing its description and letting go (a browser closing when idle).
                boolean writer = e.owner() != null && !e.owner().reader();
                if (writer || System.currentTimeMillis() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ArchiveException("interrupted while waiting for archive " + file);
            }
        }
    }

    static ArchiveException damaged(Path file, Exception e) {
        return new ArchiveException("archive " + file + " cannot be opened: it is not an equilibria archive or it"
                + " is damaged (" + oneLine(e) + ")", e);
    }

    /**
     * Replaces the MapDB file by one built from the journal's whole records, and cuts a torn last
     * record off the journal. A crash during this leaves the owner file, so the next open does it again.
     */
    static int rebuild(Path file, Path journal) throws IOException {
        long started = System.nanoTime();
        Path fresh = file.resolveSibling(file.getFileName() + ".rebuild");
        deleteStore(fresh);
        int[] records = {0};
        long valid;
        // Without a write-ahead log: a crash while building leaves the owner file, and the next open
        // builds again from scratch; the file is only renamed into place once closed.
        DB db = DBMaker.fileDB(fresh.toFile()).fileMmapEnable().cleanerHackEnable().make();
        try {
            Maps building = new Maps(db, new Blobs(Blob.dirOf(file)));
            valid = Journal.replay(journal, ops -> {
                ops.forEach(building::apply);
                records[0]++;
            });
            building.meta.put("index", Integer.toString(Archive.INDEX_LAYOUT));
            db.commit();
        } finally {
            db.close();
        }
        deleteStore(file);
        Files.move(fresh, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Blobs.syncDirectory(file.toAbsolutePath().getParent());
        Journal.truncate(journal, valid);
        Archive.LOG.info("archive {}: rebuilt from its journal ({} records, {} ms)", file, records[0],
                (System.nanoTime() - started) / 1_000_000);
        return records[0];
    }

    /** Deletes a MapDB file and its write-ahead log files. */
    static void deleteStore(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (var files = Files.list(file.toAbsolutePath().getParent())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith(name + ".wal")) {
                    Files.delete(p);
                }
            }
        }
        Files.deleteIfExists(file);
    }

    static long fileBytes(Path file) throws IOException {
        long bytes = 0;
        Path dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.equals(name) || n.startsWith(name + ".wal") || n.equals(name + ".journal")) {
                    bytes += Files.size(p);
                }
            }
        }
        return bytes;
    }
}
