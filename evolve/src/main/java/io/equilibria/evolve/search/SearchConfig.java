package io.equilibria.evolve.search;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.equilibria.config.Budget;
import io.equilibria.config.ConfigException;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Domain;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * How a search runs (what {@code --config FILE} holds; options override it). Stored with the run,
 * so that a resumed search runs as it started.
 *
 * @param preset the preset whose run settings (resolution, intervals, probes) and gene bounds the
 *     search uses: tiny, cpu, bench64 or gpu
 * @param population individuals per generation
 * @param generations generations to run
 * @param budgetSteps training budget of one individual in steps (0: in seconds)
 * @param budgetSeconds training budget of one individual in seconds (0: in steps)
 * @param objective {@code steered} (NSGA-II over stability, novelty and, once the artist has rated
 *     finds, their predicted preference), {@code nsga2} (stability and novelty only) or {@code weighted}
 * @param stabilityWeight weight of stability in the weighted objective
 * @param noveltyWeight weight of novelty in the weighted objective
 * @param neighbours k of the k nearest neighbours of novelty
 * @param seed seed of the search's random choices, and the seed every genome carries
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record SearchConfig(String preset, int population, int generations, int budgetSteps, double budgetSeconds,
        String objective, double stabilityWeight, double noveltyWeight, int neighbours, long seed) {

    public SearchConfig {
        if (Preset.all().stream().noneMatch(p -> p.jsonName().equals(preset))) {
            throw new ConfigException("preset", "\"" + preset + "\" is not one of " + Preset.names());
        }
        if (population < 2 || population > 10_000) {
            throw new ConfigException("population", "must be between 2 and 10000");
        }
        if (generations < 1) {
            throw new ConfigException("generations", "must be at least 1");
        }
        if (budgetSteps < 0 || budgetSeconds < 0 || (budgetSteps > 0) == (budgetSeconds > 0)) {
            throw new ConfigException("budgetSteps", "give exactly one budget: budgetSteps > 0 or budgetSeconds > 0");
        }
        if (!objective.equals("steered") && !objective.equals("nsga2") && !objective.equals("weighted")) {
            throw new ConfigException("objective", "\"" + objective + "\" is not steered, nsga2 or weighted");
        }
        if (stabilityWeight < 0 || noveltyWeight < 0 || stabilityWeight + noveltyWeight <= 0) {
            throw new ConfigException("stabilityWeight", "weights must not be negative and not both 0");
        }
        if (neighbours < 1) {
            throw new ConfigException("neighbours", "must be at least 1");
        }
        if (seed < 0) {
            throw new ConfigException("seed", "must not be negative");
        }
    }

    /** The defaults of a preset: what {@code equilibria evolve --preset NAME} runs. */
    public static SearchConfig defaults(String preset) {
        Preset p;
        try {
            p = Preset.named(preset);
        } catch (ConfigException e) {
            throw new ConfigException("--preset", "\"" + preset + "\" is not one of " + Preset.names());
        }
        Preset.SearchDefaults d = p.searchDefaults();
        int steps = d.budget() instanceof Budget.Steps s ? s.steps() : 0;
        double seconds = d.budget() instanceof Budget.Seconds s ? s.seconds() : 0;
        return new SearchConfig(p.jsonName(), d.population(), d.generations(), steps, seconds, "steered", 0.5, 0.5, 15, 1);
    }

    /** Reads a config file; fields it leaves out take {@code base}'s values. */
    public static SearchConfig read(Path file, SearchConfig base) {
        JsonNode node;
        try {
            node = ConfigJson.mapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config", file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("--config", file + ": not valid JSON (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")");
        }
        if (node == null || !node.isObject()) {
            throw new ConfigException("--config", file + ": expected a JSON object");
        }
        ObjectNode merged = ConfigJson.mapper().valueToTree(base);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var f = it.next();
            if (!merged.has(f.getKey())) {
                throw new ConfigException(null, file + ": " + f.getKey() + ": unknown field");
            }
            merged.set(f.getKey(), f.getValue());
        }
        try {
            return ConfigJson.mapper().treeToValue(merged, SearchConfig.class);
        } catch (IOException e) {
            Throwable c = e.getCause() instanceof ConfigException ce ? ce : e;
            throw new ConfigException(null, file + ": " + c.getMessage().lines().findFirst().orElse(""));
        }
    }

    JsonNode toJson() {
        return ConfigJson.mapper().valueToTree(this);
    }

    public static SearchConfig fromJson(JsonNode node) {
        try {
            return ConfigJson.mapper().treeToValue(node, SearchConfig.class);
        } catch (IOException e) {
            throw new ConfigException("run", "unreadable search configuration: " + e.getMessage());
        }
    }

    /** One individual's training budget. */
    public Budget budget() {
        return Budget.of(budgetSteps, budgetSeconds);
    }

    /** The run settings of one individual's training: the preset's, with the search's budget. */
    public RunConfig run() {
        RunConfig base = Preset.named(preset).run();
        return base.with(budget()).withIntervals(base.telemetryEvery(), 0);
    }

    /** The genes the preset's search narrows ({@link Preset#searchBounds}). */
    Map<String, Domain> bounds() {
        return Preset.named(preset).searchBounds();
    }
}
