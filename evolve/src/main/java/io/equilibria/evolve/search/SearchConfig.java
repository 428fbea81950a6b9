package io.equilibria.evolve.search;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.equilibria.config.Activation;
import io.equilibria.config.ColourMeasure;
import io.equilibria.config.ConfigException;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Domain.IntRange;
import io.equilibria.config.Domain.IntSet;
import io.equilibria.config.Domain.Options;
import io.equilibria.config.Domain.RealRange;
import io.equilibria.config.Domain.Scale;
import io.equilibria.config.Domain;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import io.equilibria.config.Style;
import io.equilibria.config.Upsampling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

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

    static final Set<String> PRESETS = Set.of("tiny", "cpu", "series1", "bench64", "gpu");

    public SearchConfig {
        if (!PRESETS.contains(preset)) {
            throw new ConfigException("preset", "\"" + preset + "\" is not one of tiny, cpu, series1, bench64, gpu");
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
        return switch (preset) {
            case "tiny" -> new SearchConfig("tiny", 4, 2, 20, 0, "steered", 0.5, 0.5, 15, 1);
            case "cpu" -> new SearchConfig("cpu", 8, 10, 150, 0, "steered", 0.5, 0.5, 15, 1);
            case "series1" -> new SearchConfig("series1", 8, 10, 600, 0, "steered", 0.5, 0.5, 15, 1);
            case "bench64" -> new SearchConfig("bench64", 8, 10, 100, 0, "steered", 0.5, 0.5, 15, 1);
            case "gpu" -> new SearchConfig("gpu", 32, 50, 2000, 0, "steered", 0.5, 0.5, 15, 1);
            default -> throw new ConfigException("--preset", "\"" + preset + "\" is not one of tiny, cpu, series1, bench64, gpu");
        };
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

    /** The run settings of one individual's training: the preset's, with the search's budget. */
    public RunConfig run() {
        RunConfig base = Preset.named(preset).run();
        RunConfig withBudget = budgetSteps > 0 ? base.withSteps(budgetSteps) : base.withSeconds(budgetSeconds);
        return withBudget.withIntervals(base.telemetryEvery(), 0);
    }

    /**
     * The genes a preset's search narrows, so that its individuals suit its machine: {@code tiny}
     * trains in seconds, {@code cpu} in well under a minute on two cores. {@code bench64} and
     * {@code gpu} search the whole table (the memory constraint still applies).
     */
    Map<String, Domain> bounds() {
        return switch (preset) {
            case "tiny" -> Map.ofEntries(Map.entry("zDim", IntSet.of(32)),
                    Map.entry("batchSize", new IntRange(2, 4, Scale.LINEAR)),
                    Map.entry("a.mappingLayers", new IntRange(1, 2, Scale.LINEAR)),
                    Map.entry("b.mappingLayers", new IntRange(1, 2, Scale.LINEAR)),
                    Map.entry("a.wDim", new IntRange(8, 32, Scale.LOG)), Map.entry("b.wDim", new IntRange(8, 32, Scale.LOG)),
                    Map.entry("a.baseChannels", new IntRange(4, 16, Scale.LOG)),
                    Map.entry("b.baseChannels", new IntRange(4, 16, Scale.LOG)),
                    Map.entry("d.baseChannels", new IntRange(4, 16, Scale.LOG)),
                    Map.entry("d.embeddingDim", new IntRange(8, 32, Scale.LOG)),
                    Map.entry("d.batchSize", new IntRange(2, 4, Scale.LINEAR)));
            case "cpu" -> Map.ofEntries(Map.entry("zDim", IntSet.of(32, 64)),
                    Map.entry("batchSize", new IntRange(4, 16, Scale.LOG)),
                    Map.entry("a.mappingLayers", new IntRange(1, 4, Scale.LINEAR)),
                    Map.entry("b.mappingLayers", new IntRange(1, 4, Scale.LINEAR)),
                    Map.entry("a.wDim", new IntRange(16, 128, Scale.LOG)), Map.entry("b.wDim", new IntRange(16, 128, Scale.LOG)),
                    Map.entry("a.baseChannels", new IntRange(16, 96, Scale.LOG)),
                    Map.entry("b.baseChannels", new IntRange(16, 96, Scale.LOG)),
                    Map.entry("d.baseChannels", new IntRange(16, 96, Scale.LOG)),
                    Map.entry("d.embeddingDim", new IntRange(16, 128, Scale.LOG)),
                    Map.entry("d.batchSize", new IntRange(4, 16, Scale.LOG)),
                    // What keeps the cpu search's finds soft and alive, measured with bench --discovery:
                    // with nearest upsampling most finds were blocky pixel noise; with the raw colour
                    // measure most ran away; 7 of 8 noisy finds had an AdaIN generator with sine (AdaIN
                    // re-normalises the fine layers' high frequencies up), and leaky ReLU under
                    // modulation ran away (2 of 2). AdaIN stays in the series1, bench64 and gpu searches.
                    Map.entry("a.style", Options.only(Style.MODULATED)),
                    Map.entry("b.style", Options.only(Style.MODULATED)),
                    Map.entry("a.activation", Options.only(Activation.SINE, Activation.SWISH)),
                    Map.entry("b.activation", Options.only(Activation.SINE, Activation.SWISH)),
                    Map.entry("a.upsampling", Options.only(Upsampling.BILINEAR)),
                    Map.entry("b.upsampling", Options.only(Upsampling.BILINEAR)),
                    Map.entry("a.colourMeasure", Options.only(ColourMeasure.RELATIVE)),
                    Map.entry("b.colourMeasure", Options.only(ColourMeasure.RELATIVE)),
                    Map.entry("a.learningRate", new RealRange(1e-4, 3e-3, Scale.LOG)),
                    Map.entry("b.learningRate", new RealRange(1e-4, 3e-3, Scale.LOG)),
                    Map.entry("d.learningRate", new RealRange(1e-4, 3e-3, Scale.LOG)));
            default -> Map.of();
        };
    }
}
