package io.equilibria.archive;

import java.util.List;

/**
 * One individual of a search's current population.
 *
 * @param entryId the archive entry it was evaluated as (or will be, when pending)
 * @param fitness its objective values, in the order of the run's objectives
 */
public record Member(String entryId, List<Double> fitness) {
    public Member {
        fitness = List.copyOf(fitness);
    }
}
