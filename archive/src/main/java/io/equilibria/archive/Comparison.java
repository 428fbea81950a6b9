package io.equilibria.archive;

import java.time.Instant;
import java.util.List;

/**
 * One answer of the compare page: of {@code shown} finds side by side, the artist picked
 * {@code chosen} as the best (or, with {@code worst}, as the worst).
 *
 * @param shown the ids shown, 2 to 8
 * @param chosen the one picked, among {@code shown}
 * @param worst whether the question was "which is the worst"
 * @param at when
 */
public record Comparison(List<String> shown, String chosen, boolean worst, Instant at) {
    public Comparison {
        shown = List.copyOf(shown);
        if (shown.size() < 2 || shown.size() > 8 || shown.stream().distinct().count() != shown.size()) {
            throw new ArchiveException("a comparison shows 2 to 8 different finds, not " + shown);
        }
        if (!shown.contains(chosen)) {
            throw new ArchiveException("the chosen find " + chosen + " was not among those shown");
        }
        if (at == null) {
            throw new IllegalArgumentException("a comparison needs its time");
        }
    }

    /** Its wins as pairs {winner, loser}: the best beats every other shown, every other beats the worst. */
    public List<String[]> wins() {
        return shown.stream().filter(id -> !id.equals(chosen))
                .map(other -> worst ? new String[] {other, chosen} : new String[] {chosen, other}).toList();
    }
}
