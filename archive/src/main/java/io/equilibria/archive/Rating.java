package io.equilibria.archive;

import java.time.Instant;

/**
 * What the artist said of an entry: stars, favourite, rejected, a note, and when. Stored in the
 * entry (so journalled with it); the latest rating replaces the earlier one.
 *
 * @param stars 1 to 5, or 0 for none
 * @param favourite marked favourite (never together with rejected)
 * @param rejected rejected: not wanted (its neighbourhood is wanted less)
 * @param note free text, possibly empty
 * @param at when it was said
 */
public record Rating(int stars, boolean favourite, boolean rejected, String note, Instant at) {
    /** The filters a listing takes, for {@link Query#rating}. */
    public static final java.util.List<String> FILTERS = java.util.List.of("rated", "unrated", "favourite", "rejected",
            "1+", "2+", "3+", "4+", "5");

    public Rating {
        if (stars < 0 || stars > 5) {
            throw new ArchiveException("--stars: " + stars + " is not between 1 and 5");
        }
        if (favourite && rejected) {
            throw new ArchiveException("a rating cannot be both favourite and rejected");
        }
        note = note == null ? "" : note.strip();
        if (note.length() > 2000) {
            throw new ArchiveException("--note: longer than 2000 characters");
        }
        if (at == null) {
            throw new IllegalArgumentException("a rating needs its time");
        }
    }

    /** What one act of rating changes; null fields keep what was there. */
    public record Change(Integer stars, Boolean favourite, Boolean rejected, String note, boolean clear) {
        public Change {
            if (stars != null && (stars < 1 || stars > 5)) {
                throw new ArchiveException("--stars: " + stars + " is not between 1 and 5");
            }
            if (Boolean.TRUE.equals(favourite) && Boolean.TRUE.equals(rejected)) {
                throw new ArchiveException("give --favourite or --reject, not both");
            }
            if (!clear && stars == null && favourite == null && rejected == null && note == null) {
                throw new ArchiveException("nothing to rate: give --stars N, --favourite, --reject, --note or --clear");
            }
        }

        public static Change ofStars(int n) {
            return new Change(n, null, false, null, false);
        }

        public static Change asFavourite() {
            return new Change(null, true, false, null, false);
        }

        public static Change asRejected() {
            return new Change(null, false, true, null, false);
        }

        /**
         * The rating after this change to {@code current} (null: none yet), at {@code now}; null
         * when cleared. Stars or favourite lift a rejection; a rejection drops stars and favourite.
         */
        public Rating applyTo(Rating current, Instant now) {
            if (clear) {
                return null;
            }
            int s = current == null ? 0 : current.stars();
            boolean fav = current != null && current.favourite();
            boolean rej = current != null && current.rejected();
            String n = current == null ? "" : current.note();
            if (Boolean.TRUE.equals(rejected)) {
                s = 0;
                fav = false;
                rej = true;
            }
            if (stars != null && stars > 0) {
                s = stars;
                rej = false;
            }
            if (favourite != null) {
                fav = favourite;
                if (fav) {
                    rej = false;
                }
            }
            if (note != null) {
                n = note;
            }
            return new Rating(s, fav, rej, n, now);
        }
    }

    /**
     * The value a listing sorts by: rejected −1, else the stars plus ½ for a favourite (an
     * unstarred favourite is 2.5, between "so-so" and "good"); entries without a rating sort last.
     */
    public double value() {
        if (rejected) {
            return -1;
        }
        return (stars == 0 && favourite ? 2 : stars) + (favourite ? 0.5 : 0);
    }

    /** Whether it passes a listing's rating filter ({@link #FILTERS}; null passes nothing but "unrated"). */
    public static boolean passes(Rating r, String filter) {
        return switch (filter) {
            case "unrated" -> r == null;
            case "rated" -> r != null;
            case "favourite" -> r != null && r.favourite();
            case "rejected" -> r != null && r.rejected();
            default -> r != null && !r.rejected() && r.stars() >= Integer.parseInt(filter.substring(0, 1));
        };
    }

    /** In words: "4 stars, favourite", "rejected", "favourite", or "a note" for a note alone. */
    public String words() {
        String what = rejected ? "rejected" : (stars > 0 ? stars + (stars == 1 ? " star" : " stars") : "")
                + (favourite ? (stars > 0 ? ", favourite" : "favourite") : "");
        return what.isEmpty() ? "a note" : what;
    }

    /** As a listing shows it: {@code ***}, {@code *** fav}, {@code rejected}, or empty. */
    public String shortText() {
        if (rejected) {
            return "rejected";
        }
        String s = "*".repeat(stars);
        return favourite ? (s.isEmpty() ? "fav" : s + " fav") : s;
    }
}
