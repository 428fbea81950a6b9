package io.equilibria.archive;

/**
 * A page of a listing.
 *
 * @param sort the order (descending: highest score, latest generation, newest first)
 * @param ascending reverse the order
 * @param status only entries with this status, or null for all
 * @param runId only entries of this run, or null for all
 * @param verdict only entries judged with this verdict (as stored: {@code alive}, {@code noise}, ...),
 *     or null for all
 * @param offset entries to skip
 * @param limit at most this many entries
 * @param rating only entries whose rating passes this filter ({@link Rating#FILTERS}), or null for all
 */
public record Query(Sort sort, boolean ascending, Status status, String runId, String verdict, int offset,
        int limit, String rating) {
    public Query(Sort sort, boolean ascending, Status status, String runId, int offset, int limit) {
        this(sort, ascending, status, runId, null, offset, limit);
    }

    public Query(Sort sort, boolean ascending, Status status, String runId, String verdict, int offset, int limit) {
        this(sort, ascending, status, runId, verdict, offset, limit, null);
    }

    public Query {
        if (sort == null) {
            throw new IllegalArgumentException("sort");
        }
        if (rating != null && !Rating.FILTERS.contains(rating)) {
            throw new ArchiveException("--rating: \"" + rating + "\" is not one of " + String.join(", ", Rating.FILTERS));
        }
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative");
        }
    }

    public static Query first(Sort sort, int limit) {
        return new Query(sort, false, null, null, 0, limit);
    }

    public boolean filters() {
        return status != null || runId != null || verdict != null || rating != null;
    }
}
