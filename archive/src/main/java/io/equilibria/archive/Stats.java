package io.equilibria.archive;

import java.util.Map;

/**
 * Counts and disk use of an archive.
 *
 * @param entries number of entries
 * @param byStatus entries by status name
 * @param byRun entries by run id
 * @param runs number of search runs
 * @param schema the archive's schema version
 * @param fileBytes size of the MapDB file, its write-ahead logs and its journal
 * @param blobs number of referenced blobs
 * @param blobBytes size of the referenced blobs
 * @param unreferencedBytes size of blob files that no entry references ({@code archive gc} removes them)
 */
public record Stats(int entries, Map<String, Integer> byStatus, Map<String, Integer> byRun, int runs, int schema,
        long fileBytes, int blobs, long blobBytes, long unreferencedBytes) {

    /** A size for people: {@code 512 B}, {@code 1.5 KB}, {@code 33.0 MB}, {@code 1.2 GB}. */
    public static String humanBytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
