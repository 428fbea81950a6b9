package io.equilibria.evolve.cluster;

import io.equilibria.training.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The program's version as members of a cluster compare it: the release version and a hash of the
 * project's compiled classes (not of jar files, whose time stamps differ between two builds of the
 * same sources), so that two servers built from one commit agree and any code change disagrees.
 */
public final class Build {
    private static final String VERSION = Provenance.current() + "+" + classesHash();

    private Build() {}

    public static String version() {
        return VERSION;
    }

    private static String classesHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                if (entry.contains("/.m2/repository/") || !Files.exists(p)) {
                    continue; // libraries: their versions are the pom's, which the project's classes follow
                }
                if (Files.isDirectory(p)) {
                    hashDirectory(p, digest);
                } else if (entry.endsWith(".jar")) {
                    hashJar(p, digest);
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 6);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unknown";
        }
    }

    private static void hashDirectory(Path dir, MessageDigest digest) throws IOException {
        List<Path> classes;
        try (Stream<Path> files = Files.walk(dir)) {
            classes = files.filter(f -> f.toString().endsWith(".class") && f.toString().contains("io/equilibria/"))
                    .sorted().toList();
        }
        for (Path c : classes) {
            digest.update(dir.relativize(c).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(c));
        }
    }

    private static void hashJar(Path jar, MessageDigest digest) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<JarEntry> classes = file.stream().filter(e -> e.getName().endsWith(".class")
                    && e.getName().startsWith("io/equilibria/")).sorted(java.util.Comparator.comparing(JarEntry::getName))
                    .toList();
            for (JarEntry e : classes) {
                digest.update(e.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream in = file.getInputStream(e)) {
                    digest.update(in.readAllBytes());
                }
            }
        }
    }
}
