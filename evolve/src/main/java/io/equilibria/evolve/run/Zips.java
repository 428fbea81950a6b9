package io.equilibria.evolve.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** A flat directory (a checkpoint) as zip bytes and back, to cross from a worker to the archive. */
public final class Zips {
    private Zips() {}

    public static byte[] zip(Path directory) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.list(directory)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + directory, e);
        }
        return bytes.toByteArray();
    }

    /** Unpacks {@code zip} into {@code directory}; names with a path in them are refused. */
    public static List<Path> unzip(byte[] zip, Path directory) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            java.util.ArrayList<Path> written = new java.util.ArrayList<>();
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String name = e.getName();
                if (e.isDirectory() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    throw new IOException("unexpected entry \"" + name + "\"");
                }
                Path target = directory.resolve(name);
                Files.copy(in, target);
                written.add(target);
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("a checkpoint from a worker is unreadable", e);
        }
    }
}
