package io.equilibria.archive;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A reference to a large file beside the archive, in {@code <archive>.blobs/}, named by the
 * SHA-256 of its content and a type extension (for example {@code 9f86…0a08.png}).
 *
 * @param name the file name inside the blob folder
 * @param bytes its size
 */
public record Blob(String name, long bytes) {
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}\\.[a-z0-9]{1,8}");

    public Blob {
        if (!isName(name)) {
            throw new IllegalArgumentException("not a blob name: " + name);
        }
    }

    /** Whether {@code name} is a blob's name (hex hash, dot, extension): nothing else is ever served or read. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The folder of blobs beside the archive file {@code archive}: {@code ARCHIVE.blobs}. */
    public static Path dirOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".blobs");
    }

    /** The content hash, hex. */
    public String hash() {
        return name.substring(0, name.indexOf('.'));
    }

    public String extension() {
        return name.substring(name.indexOf('.') + 1);
    }
}
