package io.equilibria.archive;

import java.time.Instant;

/**
 * What a listing shows of an entry, kept beside it as one line of text so that a page of a listing
 * needs no JSON at all (a fresh command then prints its first page in milliseconds).
 *
 * @param stability stability value, NaN when not scored
 * @param novelty novelty value, NaN when not scored
 * @param rating the rating's stars, favourite and rejection as a short code ({@link #ratingCode}), empty when unrated
 */
public record Row(String id, Status status, int generation, double stability, String verdict, double novelty,
        String runId, Instant created, String rating) {

    public static Row of(Entry e) {
        return new Row(e.id(), e.status(), e.generation(), e.stability() == null ? Double.NaN : e.stability().value(),
                e.stability() == null ? "" : e.stability().verdict(),
                e.novelty() == null ? Double.NaN : e.novelty().value(), e.runId(), e.created(), ratingCode(e.rating()));
    }

    /**
     * Whether a listing offers to rate it: evaluated and not failed. (A failed promotion can be
     * rated too, from its entry: {@link Entry#rateable}; a row does not hold the reason.)
     */
    public boolean rateable() {
        return rateable(status);
    }

    /** Whether a listing offers to rate an entry with this status. */
    public static boolean rateable(Status status) {
        return status != Status.PENDING && status != Status.FAILED;
    }

    /** A rating as {@code <stars>[f][x]} (3f: three stars, favourite; 0x: rejected), empty for none. */
    static String ratingCode(Rating r) {
        return r == null ? "" : r.stars() + (r.favourite() ? "f" : "") + (r.rejected() ? "x" : "");
    }

    /** The rating's stars, favourite and rejection (note and time are in the entry), or null. */
    public Rating ratingSummary() {
        if (rating.isEmpty()) {
            return null;
        }
        return new Rating(rating.charAt(0) - '0', rating.contains("f"), rating.contains("x"), "", Instant.EPOCH);
    }

    /** The row as one line of tab-separated fields: how the store keeps it and how it travels as JSON. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String encode() {
        return String.join("\t", id, status.jsonName(), Integer.toString(generation), Double.toString(stability),
                clean(verdict), Double.toString(novelty), clean(runId), Long.toString(created.toEpochMilli()), rating);
    }

    /**
     * A row from its {@linkplain #encode line}.
     *
     * @throws IllegalArgumentException when it is not one
     */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Row decode(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 8 && f.length != 9) { // 8: written before ratings existed
            throw new IllegalArgumentException("not a row: " + line);
        }
        return new Row(f[0], Status.parse(f[1]), Integer.parseInt(f[2]), Double.parseDouble(f[3]), f[4],
                Double.parseDouble(f[5]), f[6], Instant.ofEpochMilli(Long.parseLong(f[7])), f.length == 9 ? f[8] : "");
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
