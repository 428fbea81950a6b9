package io.equilibria.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.equilibria.config.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * What a search run keeps beside its population's ids ({@link SearchRun#state()}): written by the
 * search after every individual, read by it to resume and by the live page. One record for writer
 * and readers; stored as the JSON object it has always been.
 *
 * @param units the population's genotypes, each a list of genes in [0, 1] (the codec's order)
 * @param quietGenerations generations in a row in which no find entered the novelty archive
 * @param from the entries the run was bred from ({@code evolve --from}); empty for a random start,
 *     and then not written
 * @param yields each finished generation's fraction of living finds among those it trained, in
 *     [0, 1]; null where a generation trained none
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record RunState(List<double[]> units, int quietGenerations,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> from, List<Double> yields) {

    public RunState {
        units = units == null ? List.of() : List.copyOf(units);
        from = from == null ? List.of() : List.copyOf(from);
        yields = yields == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(yields));
    }

    /** The state in a run's stored JSON (an empty state where there is none). */
    public static RunState of(JsonNode state) {
        if (state == null || state.isNull() || state.isMissingNode()) {
            return new RunState(List.of(), 0, List.of(), List.of());
        }
        try {
            return Json.mapper().treeToValue(state, RunState.class);
        } catch (JsonProcessingException e) {
            throw new ArchiveException("a search run's state is unreadable: " + e.getOriginalMessage());
        }
    }

    /** This state as the JSON object {@link SearchRun#state()} holds. */
    public JsonNode toJson() {
        return Json.mapper().valueToTree(this);
    }

    /** The yields with NaN where a generation trained none. */
    public List<Double> yieldValues() {
        List<Double> out = new ArrayList<>(yields.size());
        yields.forEach(y -> out.add(y == null ? Double.NaN : y));
        return out;
    }
}
