package io.equilibria.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A search's state: everything it needs to resume where it stopped.
 *
 * @param name the run's name (unique in the archive)
 * @param config the search's configuration as given (preset, budget, population, objectives, ...)
 * @param generation the generation in progress
 * @param population the current population with fitness
 * @param noveltyArchive ids of the entries in the novelty archive
 * @param noveltyThreshold the novelty archive's current entry threshold
 * @param seed the seed all of the search's random choices derive from
 * @param state anything else the search engine keeps (random generator state, pending offspring)
 * @param created when the run started
 * @param updated when this state was committed
 */
public record SearchRun(String name, JsonNode config, int generation, List<Member> population,
        List<String> noveltyArchive, double noveltyThreshold, long seed, JsonNode state, Instant created,
        Instant updated) {
    public SearchRun {
        population = List.copyOf(population);
        noveltyArchive = List.copyOf(noveltyArchive);
    }
}
