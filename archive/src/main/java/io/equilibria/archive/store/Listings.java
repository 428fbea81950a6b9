package io.equilibria.archive.store;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.Query;
import io.equilibria.archive.Rating;
import io.equilibria.archive.Row;
import io.equilibria.archive.Sort;
import io.equilibria.fitness.Verdict;
import io.equilibria.archive.RowPage;
import io.equilibria.archive.Stats;
import io.equilibria.archive.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The archive's reads that walk its sorted index ({@link Maps#keys}) rather than one record:
 * listings in each {@link io.equilibria.archive.Sort} order with filters, id prefixes, children,
 * the blobs still referenced, and the statistics. The caller ({@link Archive}) holds its lock.
 */
final class Listings {
    private static final Pattern ID_PREFIX = Pattern.compile("[0-9a-f]{1,64}");

    private final Maps maps;

    Listings(Maps maps) {
        this.maps = maps;
    }

    /** The one id starting with {@code idOrPrefix}, or an error naming the archive {@code file}. */
    String resolve(String idOrPrefix, Path file) {
        String prefix = idOrPrefix == null ? "" : idOrPrefix.trim().toLowerCase(java.util.Locale.ROOT);
        if (!ID_PREFIX.matcher(prefix).matches()) {
            throw new ArchiveException("\"" + idOrPrefix + "\" is not an entry id (hex digits, as `archive list` shows)");
        }
        List<String> matches = new ArrayList<>();
        for (String key : maps.index.subSet("i/" + prefix, true, "i/" + prefix + Character.MAX_VALUE, false)) {
            matches.add(key.substring(2));
            if (matches.size() > 5) {
                break;
            }
        }
        if (matches.isEmpty()) {
            throw new ArchiveException("no entry " + prefix + " in archive " + file);
        }
        if (matches.size() > 1) {
            throw new ArchiveException("entry id " + prefix + " is ambiguous: it starts " + String.join(", ",
                    matches.subList(0, Math.min(5, matches.size()))) + (matches.size() > 5 ? ", ..." : "")
                    + "; give more digits");
        }
        return matches.get(0);
    }

    RowPage rows(Query q) {
        List<Row> page = new ArrayList<>(Math.min(q.limit(), 1000));
        int matched = 0;
        for (String key : keys(q)) {
            String id = key.substring(key.lastIndexOf('/') + 1);
            Row row = null;
            if (q.filters()) {
                row = Row.decode(maps.rows.get(id));
                if ((q.status() != null && row.status() != q.status())
                        || (q.runId() != null && !row.runId().equals(q.runId()))
                        || (q.verdict() != null && !q.verdict().equals(row.verdict()))
                        || (q.rating() != null && !Rating.passes(row.ratingSummary(), q.rating()))) {
                    continue;
                }
            }
            if (matched >= q.offset() && page.size() < q.limit()) {
                page.add(row != null ? row : Row.decode(maps.rows.get(id)));
            }
            matched++;
            if (page.size() == q.limit() && !q.filters()) {
                break; // the total is known without counting
            }
        }
        return new RowPage(page, q.filters() ? matched : maps.rows.size());
    }

    List<String> children(String id) {
        List<String> ids = new ArrayList<>();
        for (String key : prefixed("p/" + id + "/", false)) {
            ids.add(key.substring(key.lastIndexOf('/') + 1));
        }
        return ids;
    }

    /**
     * The index keys a listing walks: its order's keys; in the rating order under a filter only rated
     * entries pass (all but "unrated"), just the keys of rated entries (an unrated entry's key has an
     * empty value, "r//id": it sorts below every rated one), so that the artist's few ratings are
     * found without walking every entry; likewise the living finds in the score order.
     */
    private Iterable<String> keys(Query q) {
        String prefix = q.sort().key + "/";
        String from = prefix;
        if (q.sort() == Sort.RATING && q.rating() != null && !q.rating().equals("unrated")) {
            from = prefix + "0"; // hex digits > '/'
        } else if (q.sort() == Sort.SCORE && Verdict.ALIVE.jsonName().equals(q.verdict())) {
            from = prefix + Maps.sortable(1.0); // a living find scores above 1.5, any other below 0.5
        }
        return keys(prefix, from, !q.ascending());
    }

    /** Index keys starting with {@code prefix} (which ends in '/'), in order or reversed. */
    Iterable<String> prefixed(String prefix, boolean descending) {
        return keys(prefix, prefix, descending);
    }

    /** Index keys starting with {@code prefix}, from {@code from} on, in order or reversed. */
    private Iterable<String> keys(String prefix, String from, boolean descending) {
        String end = prefix.substring(0, prefix.length() - 1) + (char) ('/' + 1);
        NavigableSet<String> range = maps.index.subSet(from, true, end, false);
        return descending ? range.descendingSet() : range;
    }

    Set<String> referencedBlobs() {
        Set<String> names = new TreeSet<>();
        for (String key : prefixed("b/", false)) {
            names.add(key.substring(2, key.lastIndexOf('/')));
        }
        return names;
    }

    Stats stats(Path file, int schema) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            byStatus.put(s.jsonName(), 0);
        }
        Map<String, Integer> byRun = new TreeMap<>();
        for (String line : maps.rows.values()) {
            Row row = Row.decode(line);
            byStatus.merge(row.status().jsonName(), 1, Integer::sum);
            byRun.merge(row.runId(), 1, Integer::sum);
        }
        try {
            Set<String> referenced = referencedBlobs();
            long referencedBytes = 0;
            long allBytes = maps.blobs.bytes();
            for (String name : referenced) {
                referencedBytes += maps.blobs.dir().resolve(name).toFile().length();
            }
            return new Stats(maps.entries.size(), byStatus, byRun, maps.runs.size(), schema, ArchiveFiles.fileBytes(file), referenced.size(),
                    referencedBytes, allBytes - referencedBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + maps.blobs.dir(), e);
        }
    }
}
