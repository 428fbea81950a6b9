package io.equilibria.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.archive.store.Archive;
import io.equilibria.config.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ratings: what each change does, what is refused, and that they survive the archive's life. */
class RatingTest {
    @TempDir
    Path dir;

    @Test
    void changesComposeAsTheArtistMeansThem() {
        java.time.Instant now = java.time.Instant.parse("2026-12-04T10:00:00Z");
        Rating r = Rating.Change.ofStars(3).applyTo(null, now);
        assertEquals(3, r.stars());
        r = Rating.Change.asFavourite().applyTo(r, now);
        assertTrue(r.favourite() && r.stars() == 3);
        r = Rating.Change.asRejected().applyTo(r, now);
        assertTrue(r.rejected() && !r.favourite() && r.stars() == 0, "a rejection drops stars and favourite");
        r = Rating.Change.ofStars(2).applyTo(r, now);
        assertFalse(r.rejected(), "stars lift a rejection");
        r = new Rating.Change(null, null, null, "blue", false).applyTo(r, now);
        assertEquals("blue", r.note());
        assertEquals(2, r.stars());
        assertNull(new Rating.Change(null, null, null, null, true).applyTo(r, now));
        assertEquals(-1, Rating.Change.asRejected().applyTo(null, now).value());
        assertEquals(2.5, Rating.Change.asFavourite().applyTo(null, now).value());
        assertEquals(5.5, Rating.Change.asFavourite().applyTo(Rating.Change.ofStars(5).applyTo(null, now), now).value());
    }

    @Test
    void badRatingsAreRefusedWithOneLineAndChangeNothing() {
        assertTrue(assertThrows(ArchiveException.class, () -> Rating.Change.ofStars(0)).getMessage()
                .startsWith("--stars: 0 is not between 1 and 5"));
        assertTrue(assertThrows(ArchiveException.class, () -> Rating.Change.ofStars(6)).getMessage()
                .startsWith("--stars: 6"));
        assertThrows(ArchiveException.class, () -> new Rating.Change(null, true, true, null, false));
        assertThrows(ArchiveException.class, () -> new Rating.Change(null, null, null, null, false));
        Path file = dir.resolve("r.db");
        Entry ok = Samples.evaluated(1, 0.5);
        Entry failed = Samples.evaluated(2, 0.1).withStatus(Status.FAILED, "exploded at step 3");
        Entry pending = Entry.pending(Samples.genome(3), Samples.run(), "import", List.of(), 0);
        try (Archive archive = Archive.open(file)) {
            archive.write(w -> {
                w.put(ok, Samples.thumbnails(1));
                w.put(failed, Samples.thumbnails(2));
                w.put(pending, null);
                return null;
            });
            assertTrue(assertThrows(ArchiveException.class, () -> archive.rate("0123456789abcdef",
                    Rating.Change.ofStars(3))).getMessage().startsWith("no entry 0123456789abcdef"));
            assertTrue(assertThrows(ArchiveException.class, () -> archive.rate(failed.id(), Rating.Change.ofStars(3)))
                    .getMessage().contains("failed (exploded at step 3): only an evaluated entry can be rated"));
            assertThrows(ArchiveException.class, () -> archive.rate(pending.id(), Rating.Change.ofStars(3)));
            assertNull(archive.entry(failed.id()).orElseThrow().rating());
            assertNull(archive.entry(pending.id()).orElseThrow().rating());
        }
    }

    @Test
    void aRatingIsJournalledFilteredSortedAndKeptWhenASearchStoresTheGenomeAgain() {
        Path file = dir.resolve("k.db");
        Entry a = Samples.evaluated(1, 0.5);
        Entry b = Samples.evaluated(2, 0.9);
        Entry c = Samples.evaluated(3, 0.7);
        try (Archive archive = Archive.open(file)) {
            archive.write(w -> {
                w.put(a, Samples.thumbnails(1));
                w.put(b, Samples.thumbnails(2));
                w.put(c, Samples.thumbnails(3));
                return null;
            });
            archive.rate(a.id(), Rating.Change.ofStars(5));
            archive.rate(c.id(), Rating.Change.asRejected());
            // The search stores the same genome again (no rating in what it stores).
            archive.write(w -> {
                w.put(Samples.evaluated(1, 0.6), null);
                return null;
            });
            assertEquals(5, archive.entry(a.id()).orElseThrow().rating().stars(), "a machine write keeps the rating");
        }
        try (Archive archive = Archive.open(file)) {
            assertEquals(List.of(a.id(), c.id(), b.id()), archive.rows(Query.first(Sort.RATING, 10)).rows().stream()
                    .map(Row::id).toList(), "5 stars, rejected, then unrated");
            assertEquals(List.of(a.id()), ids(archive, "5"));
            assertEquals(List.of(c.id()), ids(archive, "rejected"));
            assertEquals(List.of(b.id()), ids(archive, "unrated"));
            archive.rate(a.id(), new Rating.Change(null, null, null, null, true));
            assertNull(archive.entry(a.id()).orElseThrow().rating(), "cleared");
        }
        Archive.rebuild(file);
        try (Archive archive = Archive.open(file)) {
            assertNull(archive.entry(a.id()).orElseThrow().rating(), "the journal replays the clearing");
            assertTrue(archive.entry(c.id()).orElseThrow().rating().rejected(), "and the rejection");
        }
    }

    private static List<String> ids(Archive archive, String filter) {
        return archive.rows(new Query(Sort.SCORE, false, null, null, null, 0, 10, filter)).rows().stream()
                .map(Row::id).toList();
    }

    @Test
    void entriesStoredBeforeRatingsExistedReadAsUnrated() {
        Entry old = ArchiveJson.read(Json.bytes(Samples.evaluated(4, 0.2)), Entry.class, "entry");
        assertNull(old.rating());
        Map<String, Object> without = Json.mapper().convertValue(Samples.evaluated(4, 0.2), Map.class);
        without.remove("rating");
        assertNull(Json.mapper().convertValue(without, Entry.class).rating());
        assertEquals("", Row.of(old).rating());
    }

    /**
     * One favourite lifts the finds near it and hardly the far ones: a single rated find is measured
     * by the spread of the archive's finds. By the floor spread alone (what a model of one rating
     * had before) every other find read neutral to within a thousandth of a star.
     */
    @Test
    void aSingleRatingTellsTheFindsAroundItApart() {
        List<String> features = List.of("colourfulness", "spectral_slope", "edge_density");
        try (Archive archive = Archive.open(dir.resolve("one.db"))) {
            archive.write(w -> {
                for (long seed = 1; seed <= 6; seed++) { // colourfulness 1.25 .. 6.25
                    w.put(Samples.evaluated(seed, 0.5), Samples.thumbnails((int) seed));
                }
                return null;
            });
            archive.rate(Samples.evaluated(1, 0.5).id(), Rating.Change.asFavourite());
            Preference model = Preference.fit(archive, features);
            double[] predicted = new double[7];
            for (int seed = 2; seed <= 6; seed++) {
                predicted[seed] = model.predict(Preference.vector(Samples.evaluated(seed, 0.5).descriptor(), features));
            }
            assertTrue(predicted[2] > 3.5, "the nearest find is lifted toward the favourite's 4.5: " + predicted[2]);
            for (int seed = 3; seed <= 6; seed++) {
                assertTrue(predicted[seed] < predicted[seed - 1], "farther, lower: " + java.util.Arrays.toString(predicted));
            }
            assertTrue(predicted[6] < 2.6, "the farthest stays about neutral: " + predicted[6]);
            assertEquals("predicted 2.7 stars: far from every rated find, nearest a favourite",
                    model.reason(Preference.vector(Samples.evaluated(5, 0.5).descriptor(), features)));
            Preference floorOnly = Preference.fit(Preference.ratedIn(archive, features), features, List.of());
            assertEquals(2.5, floorOnly.predict(Preference.vector(Samples.evaluated(2, 0.5).descriptor(), features)),
                    1e-3, "by the floor spread alone even the nearest find reads neutral");
        }
    }

    @Test
    void comparisonsRankFindsByBradleyTerry() {
        java.time.Instant t = java.time.Instant.parse("2026-12-04T10:00:00Z");
        List<Comparison> answers = List.of(
                new Comparison(List.of("a", "b", "c"), "a", false, t),
                new Comparison(List.of("b", "c"), "b", false, t),
                new Comparison(List.of("a", "c", "d"), "d", true, t));
        Map<String, Double> stars = Preference.strengths(answers);
        assertTrue(stars.get("a") > stars.get("b") && stars.get("b") > stars.get("c"), stars.toString());
        assertTrue(stars.get("d") < stars.get("c"), "picked as the worst: " + stars);
        assertTrue(stars.values().stream().allMatch(v -> v >= 0.5 && v <= 5.5), stars.toString());
    }
}
