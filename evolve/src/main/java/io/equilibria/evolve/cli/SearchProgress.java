package io.equilibria.evolve.cli;

import io.equilibria.archive.Entry;
import io.equilibria.config.Genome;
import io.equilibria.evolve.run.Progress;
import io.equilibria.evolve.search.Search;
import io.equilibria.evolve.search.SearchConfig;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What {@code evolve} shows while its search runs: a progress display of individuals trained, the
 * best scores so far, the verdicts' tally, a line per generation and one when the artist's ratings
 * start to steer it.
 */
final class SearchProgress implements Search.Listener {
    private final Progress progress;
    private final SearchConfig config;
    private final Supplier<String> device;
    private final long expected;
    private long done;
    private String best = "-";
    private double bestStability;
    private double bestNovelty;

    /**
     * @param device where individuals train now, asked at every update (workers join and leave)
     * @param expected individuals the whole run trains (the display's total)
     */
    SearchProgress(Progress progress, SearchConfig config, Supplier<String> device, long expected) {
        this.progress = progress;
        this.config = config;
        this.device = device;
        this.expected = expected;
    }

    /** Individuals done so far (trained, or taken from the archive). */
    long done() {
        return done;
    }

    @Override
    public void individualStarted(int generation, String id, Genome genome) {
        progress.update(done, status(generation, id, best, null));
    }

    @Override
    public void individualDone(int generation, Entry entry, boolean reused, Map<String, Integer> counts) {
        done++;
        if (entry.stability() != null) {
            bestStability = Math.max(bestStability, entry.stability().value());
            bestNovelty = Math.max(bestNovelty, entry.novelty() == null ? 0 : entry.novelty().value());
            best = String.format(Locale.ROOT, "best stability %.2f novelty %.2f", bestStability, bestNovelty);
        }
        progress.update(Math.min(done, expected), status(generation, entry.id(),
                best, counts));
    }

    @Override
    public void steered(int generation, int ratings) {
        progress.println(String.format(Locale.ROOT, "generation %d is bred toward your taste: %d rated or"
                + " compared find%s a third objective", generation, ratings,
                ratings == 1 ? " predicts" : "s predict"));
    }

    @Override
    public void generationDone(Search.Summary s) {
        progress.println(String.format(Locale.ROOT, "generation %d/%d: %d members, %d trained, alive %s,"
                        + " best stability %.3f, best novelty %.3f, novelty archive %d, %s", s.generation(),
                s.generations(), s.members(), s.trained(), s.trained() == 0 ? "-"
                        : String.format(Locale.ROOT, "%d/%d (%.0f%%)", s.alive(), s.trained(), 100 * s.yield()),
                s.bestStability(), s.bestNovelty(), s.noveltyArchive(), duration(s.seconds())));
    }

    private String status(int generation, String id, String last, Map<String, Integer> counts) {
        String tally = counts == null ? "" : " | " + counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" "));
        return String.format(Locale.ROOT, "gen %d/%d | %s on %s | %s%s", generation, config.generations(),
                id.substring(0, 8), device.get(), last, tally);
    }

    /** The yield: the fraction of trained individuals judged alive, overall and by generation. */
    static String yieldLine(Search search) {
        Map<String, Integer> counts = search.counts();
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int alive = counts.getOrDefault("alive", 0);
        String byGeneration = search.yields().stream()
                .map(v -> Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v))
                .collect(Collectors.joining(" "));
        return String.format(Locale.ROOT, "yield: %d of %d evaluated alive (%.0f%%); by generation: %s; verdicts: %s",
                alive, total, total == 0 ? 0 : 100.0 * alive / total, byGeneration.isEmpty() ? "-" : byGeneration,
                counts);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
