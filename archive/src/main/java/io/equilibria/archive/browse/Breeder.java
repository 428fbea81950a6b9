package io.equilibria.archive.browse;

import java.util.List;

/**
 * Starts a search bred from chosen finds, for the browser's "breed" action: the program behind the
 * browser knows how ({@code equilibria evolve --from ID,... --run NAME}); the browser only asks.
 */
@FunctionalInterface
public interface Breeder {
    /**
     * Starts run {@code run} whose first population is the genomes of {@code ids} and their mutants,
     * in the background, and returns at once.
     *
     * @param ids full ids of evaluated entries, at least one
     * @param run a new run's name (letters, digits, '.', '_', '-')
     * @return what was started, in one line (the process, where its output goes)
     * @throws IllegalStateException when it cannot be started
     */
    String start(List<String> ids, String run);
}
