package io.equilibria.evolve.search;

import io.equilibria.archive.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a search knows of its individuals, by id: their two objectives, and the behaviour
 * descriptors of the living ones (the space novelty is measured in; a broken individual is nobody's
 * neighbour). Kept on the search's thread.
 */
final class Scores {
    /**
     * An individual's objectives.
     *
     * @param stability the stability score in [0, 1]
     * @param novelty the mean standardised distance to its nearest neighbours (0: not viable, or none yet)
     */
    record Objectives(double stability, double novelty) {
        /** What an individual not yet judged, or failed, scores. */
        static final Objectives NONE = new Objectives(0, 0);

        /** A stored entry's objectives (0 where it has no score). */
        static Objectives of(Entry e) {
            return new Objectives(e.stability() == null ? 0 : e.stability().value(),
                    e.novelty() == null ? 0 : e.novelty().value());
        }

        Objectives withNovelty(double value) {
            return new Objectives(stability, value);
        }
    }

    private final Map<String, Objectives> objectives = new HashMap<>();
    private final Map<String, double[]> living = new HashMap<>();

    /** The objectives of {@code id}, {@link Objectives#NONE} when it has none. */
    Objectives of(String id) {
        return objectives.getOrDefault(id, Objectives.NONE);
    }

    void put(String id, Objectives o) {
        objectives.put(id, o);
    }

    void putIfAbsent(String id, Objectives o) {
        objectives.putIfAbsent(id, o);
    }

    void setNovelty(String id, double value) {
        objectives.put(id, of(id).withNovelty(value));
    }

    /** Records a living individual's descriptor. */
    void living(String id, double[] descriptor) {
        living.put(id, descriptor);
    }

    /** The descriptor of a living individual, or null. */
    double[] descriptor(String id) {
        return living.get(id);
    }

    /** Every living individual's descriptor (the reference novelty standardises over). */
    List<double[]> descriptors() {
        return new ArrayList<>(living.values());
    }

    /**
     * The descriptors of the living among {@code first} and then {@code second} (the novelty archive
     * and the population), each once, without {@code id}'s own.
     */
    List<double[]> neighbours(String id, Iterable<String> first, Iterable<String> second) {
        Map<String, double[]> chosen = new LinkedHashMap<>();
        for (Iterable<String> ids : List.of(first, second)) {
            for (String n : ids) {
                if (!n.equals(id) && living.containsKey(n)) {
                    chosen.put(n, living.get(n));
                }
            }
        }
        return new ArrayList<>(chosen.values());
    }
}
