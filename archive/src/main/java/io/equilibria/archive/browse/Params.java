package io.equilibria.archive.browse;

import io.equilibria.archive.Entry;
import io.equilibria.archive.Query;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;

/**
 * Query parameters of the pages, checked: a bad one is a {@link BadRequest} naming it.
 */
final class Params {
    private Params() {}

    static Sort parseSort(String text) {
        if (text == null || text.isBlank()) {
            return Sort.SCORE;
        }
        Sort sort = Sort.parse(text);
        if (sort == null) {
            throw new BadRequest("sort: \"" + text + "\" is not one of " + Sort.names());
        }
        return sort;
    }

    static Status parseStatus(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Status s = Status.parse(text);
        if (s == null) {
            throw new BadRequest("status: \"" + text + "\" is not one of " + Status.names());
        }
        return s;
    }

    static String parseVerdict(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (!Entry.VERDICTS.contains(text)) {
            throw new BadRequest("verdict: \"" + text + "\" is not one of " + String.join(", ", Entry.VERDICTS));
        }
        return text;
    }

    static Integer parseInt(String text, String name, int min, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v < min || v > max) {
                throw new BadRequest(name + ": " + v + " is not between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadRequest(name + ": \"" + text + "\" is not a number");
        }
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** A request the server cannot make sense of: 400. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** Nothing there: 404. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
