package io.equilibria.archive.store;

import io.equilibria.archive.Blob;
import io.equilibria.archive.Collected;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The blob folder beside an archive: immutable files named by the SHA-256 of their content. A blob
 * is written under a temporary name, synced, then renamed, so a name in the folder always stands
 * for complete content; the archive commits a reference only after the rename, and after the
 * folder itself is synced ({@link #syncRenames}).
 */
public final class Blobs {
    private static final String TMP_PREFIX = ".tmp-";

    private final Path dir;
    /** A blob was renamed into the folder and the folder was not synced since. */
    private boolean renamed;

    Blobs(Path dir) {
        this.dir = dir;
    }


    Path dir() {
        return dir;
    }

    Path path(Blob blob) {
        return dir.resolve(blob.name());
    }

    Blob store(byte[] data, String extension) throws IOException {
        return store(out -> out.write(data), extension);
    }

    Blob store(Path file, String extension) throws IOException {
        return store(out -> Files.copy(file, out), extension);
    }

    /** Stores a directory (for example a checkpoint) as one zip blob; equal trees give equal blobs. */
    Blob storeDirectory(Path source) throws IOException {
        return store(out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.setLevel(1);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    ZipEntry e = new ZipEntry(source.relativize(f).toString().replace('\\', '/'));
                    e.setTime(0);
                    zip.putNextEntry(e);
                    Files.copy(f, zip);
                    zip.closeEntry();
                }
            }
            zip.finish();
        }, "zip");
    }

    /** Unpacks a zip blob into {@code target} (created), refusing names that would leave it. */
    void unpack(Blob blob, Path target) throws IOException {
        Files.createDirectories(target);
        Path root = target.toAbsolutePath().normalize();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(path(blob)))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root) || e.isDirectory()) {
                    continue;
                }
                Files.createDirectories(out.getParent());
                Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private Blob store(Content content, String extension) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(TMP_PREFIX + UUID.randomUUID());
        MessageDigest sha = sha256();
        long size;
        try {
            try (OutputStream file = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW);
                    DigestOutputStream out = new DigestOutputStream(new java.io.BufferedOutputStream(file, 1 << 16), sha)) {
                content.writeTo(out);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(false); // its data and size; timestamps may wait
                size = channel.size();
            }
            Blob blob = new Blob(HexFormat.of().formatHex(sha.digest()) + "." + extension, size);
            Path target = path(blob);
            if (Files.exists(target) && Files.size(target) == size) {
                Files.delete(tmp); // the same content is already there
            } else {
                move(tmp, target);
                renamed = true;
            }
            return blob;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Forces the renames of blobs stored since the last call to disk: one directory sync for all
     * the blobs of a change, before the change commits.
     */
    void syncRenames() {
        if (renamed) {
            syncDirectory(dir);
            renamed = false;
        }
    }

    /** Forces a directory's entries (a rename into it) to disk, where the file system allows it. */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Not every file system lets a directory be synced; the rename is still atomic.
        }
    }

    /** Whether the blob is there, complete and unchanged (re-hashes its content). */
    boolean intact(Blob blob) {
        Path p = path(blob);
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest sha = sha256();
            byte[] buffer = new byte[1 << 16];
            long size = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                size += n;
            }
            return size == blob.bytes() && HexFormat.of().formatHex(sha.digest()).equals(blob.hash());
        } catch (IOException e) {
            return false;
        }
    }

    /** Names of the blob files in the folder. */
    Set<String> names() throws IOException {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(Blob::isName).forEach(names::add);
        }
        return names;
    }

    /** Total size of the folder's files. */
    long bytes() throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Deletes every file of the folder that is not a referenced blob (stale temporary files too). */
    Collected collect(Set<String> referenced) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new Collected(0, 0);
        }
        int files = 0;
        long bytes = 0;
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && !referenced.contains(name)
                        && (Blob.isName(name) || name.startsWith(TMP_PREFIX))) {
                    bytes += Files.size(p);
                    Files.delete(p);
                    files++;
                }
            }
        }
        return new Collected(files, bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
