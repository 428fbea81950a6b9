package io.equilibria.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Named starting points: a genome and a run configuration sized for a kind of machine.
 *
 * <ul>
 *   <li>{@code tiny}: for tests; 16x16, a handful of channels, a step in a few milliseconds.
 *   <li>{@code cpu}: the default on a small CPU machine; 32x32, a step well under a second.
 *   <li>{@code bench64}: the reference genome of DESIGN.md; benchmarks compare on it. Keep exactly.
 *   <li>{@code gpu}: a GPU server; 256x256 with progressive growing.
 * </ul>
 */
public enum Preset {
    TINY("tiny", "tests: 16x16, few channels, a step in milliseconds",
            new Genome(1, 32, 4,
                    generator(2, 32, 16, 0.5, false),
                    generator(2, 32, 16, 0.5, false),
                    new DiscriminatorGenome(16, 0.5, 32, false, DiscriminatorMode.CLASSIFIER, 4, 0.002)),
            new RunConfig(16, 40, 0, 5, 20, 4)),
    CPU("cpu", "the default on a small CPU machine: 32x32, a step well under a second; hinge colour and"
            + " a low learning rate, so that it lives through its budget",
            new Genome(1, 64, 8,
                    generator(2, 64, 64, 0.5, false).withColour(ColourForm.HINGE).withLearningRate(0.0005),
                    generator(2, 64, 64, 0.5, false).withColour(ColourForm.HINGE).withLearningRate(0.0005),
                    new DiscriminatorGenome(64, 0.5, 64, false, DiscriminatorMode.CLASSIFIER, 8, 0.0005)),
            new RunConfig(32, 300, 0, 10, 100, 8)),
    BENCH64("bench64", "the reference genome of the benchmarks: 64x64, exactly as DESIGN.md",
            new Genome(1, 128, 16,
                    generator(4, 128, 256, 0.5, false),
                    generator(4, 128, 256, 0.5, false),
                    new DiscriminatorGenome(256, 0.5, 128, false, DiscriminatorMode.CLASSIFIER, 16, 0.002)),
            new RunConfig(64, 200, 0, 10, 100, 8)),
    GPU("gpu", "a GPU server: 256x256, progressive growing from 8x8",
            new Genome(1, 256, 16,
                    generator(8, 256, 512, 0.5, true),
                    generator(8, 256, 512, 0.5, true),
                    new DiscriminatorGenome(512, 0.5, 256, false, DiscriminatorMode.CLASSIFIER, 16, 0.002)),
            new RunConfig(256, 20_000, 0, 50, 1000, 16));

    private final String jsonName;
    private final String description;
    private final Genome genome;
    private final RunConfig run;

    Preset(String jsonName, String description, Genome genome, RunConfig run) {
        this.jsonName = jsonName;
        this.description = description;
        this.genome = genome;
        this.run = run;
    }

    public String jsonName() {
        return jsonName;
    }

    public String description() {
        return description;
    }

    public Genome genome() {
        return genome;
    }

    public RunConfig run() {
        return run;
    }

    /** The preset called {@code name}, or a {@link ConfigException} listing the known ones. */
    public static Preset named(String name) {
        for (Preset p : values()) {
            if (p.jsonName.equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new ConfigException("preset", "unknown preset \"" + name + "\"; known: " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Preset::jsonName).collect(Collectors.joining(", "));
    }

    public static List<Preset> all() {
        return List.of(values());
    }

    /** Generator genes as DESIGN.md's reference: noise and demodulation on, leaky ReLU, nearest. */
    private static GeneratorGenome generator(int mapping, int wDim, int base, double decay, boolean progressive) {
        return new GeneratorGenome(mapping, wDim, base, decay, true, true, Activation.LEAKY_RELU,
                Upsampling.NEAREST, progressive, 0.5, 1.0, 1.0, 1.0, EmbeddingDistance.L2,
                ColourForm.LINEAR, 0.002);
    }
}
