package io.equilibria.archive;

import io.equilibria.archive.ArchiveJson;
import io.equilibria.config.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * The process that owns an archive, as it describes itself in {@code <archive>.owner} beside the
 * file: who it is (for the "in use" message) and where it serves reads to other processes.
 * MapDB's file lock decides ownership; this file only informs, and a stale one is overwritten.
 *
 * @param pid process id
 * @param host host name
 * @param started when it opened the archive
 * @param program its program version
 * @param port loopback port of its read service, or 0 when it serves none
 * @param token the secret a reader sends with each request (the file is readable by its user only)
 * @param reader whether it opened the archive only to read it (a listing, the browser): a writer
 *     waits a moment for such an owner to let go
 */
public record Owner(long pid, String host, Instant started, String program, int port, String token,
        boolean reader) {

    public static Owner self(int port, String token, String program, boolean reader) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return new Owner(ProcessHandle.current().pid(), host, Instant.now(), program, port, token, reader);
    }

    public Owner withPort(int port) {
        return new Owner(pid, host, started, program, port, token, reader);
    }

    public String describe() {
        return "process " + pid + " on " + host + " (since " + started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")";
    }

    public static Path fileOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".owner");
    }

    /** The owner file of {@code archive}, or null when there is none or it cannot be read. */
    public static Owner read(Path archive) {
        try {
            return Json.mapper().readValue(Files.readAllBytes(fileOf(archive)), Owner.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public void write(Path archive) throws IOException {
        Path target = fileOf(archive);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, Json.bytes(this));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the owner file if it still describes this process. */
    public void remove(Path archive) {
        Owner current = read(archive);
        if (current != null && current.pid == pid && current.started.equals(started)) {
            try {
                Files.deleteIfExists(fileOf(archive));
            } catch (IOException ignored) {
                // A stale owner file is harmless: the next owner overwrites it.
            }
        }
    }

}
