package io.equilibria.config;

import io.equilibria.config.Domain.Flag;
import io.equilibria.config.Domain.IntRange;
import io.equilibria.config.Domain.IntSet;
import io.equilibria.config.Domain.Options;
import io.equilibria.config.Domain.RealRange;
import io.equilibria.config.Domain.Scale;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
public enum Preset implements Choice {
    TINY("tests: 16x16, few channels, a step in milliseconds",
            new Genome(1, 32, 4,
                    generator(2, 32, 16, 0.5, false),
                    generator(2, 32, 16, 0.5, false),
                    new DiscriminatorGenome(16, 0.5, 32, false, DiscriminatorMode.CLASSIFIER, 4, 0.002)),
            new RunConfig(16, 40, 0, 5, 20, 4)),
    CPU("the default on a small CPU machine: 32x32, a step well under a second; a find of the default"
            + " search (sine activations, bilinear upsampling, tanh output, the relative colour measure, low"
            + " learning rates) that stayed alive through a 3,000-step promotion",
            new Genome(1, 64, 7,
                    new GeneratorGenome(4, 21, 65, 0.448839, false, true, Activation.SINE, Upsampling.BILINEAR, false,
                            0.553668, 1.1287, 0.700625, 1.39361, EmbeddingDistance.COSINE, ColourForm.HINGE, 1.32063e-4,
                            Style.MODULATED, OutputRange.TANH, ColourMeasure.RELATIVE, Symmetry.NONE),
                    new GeneratorGenome(4, 48, 64, 0.319416, false, false, Activation.SINE, Upsampling.BILINEAR, false,
                            0.245045, 0.771936, 1.70067, 1.60478, EmbeddingDistance.COSINE, ColourForm.LINEAR, 1.17065e-4,
                            Style.MODULATED, OutputRange.TANH, ColourMeasure.RELATIVE, Symmetry.NONE),
                    new DiscriminatorGenome(52, 0.782147, 112, false, DiscriminatorMode.CLASSIFIER, 4, 2.25202e-4), 16),
            new RunConfig(32, 300, 0, 10, 100, 8)),
    SERIES1("the thesis's re-run of Series 1: AdaIN style blocks, tanh output, progressive growing"
            + " from 32x32 (300 steps per resolution), batch 10, Adam lr 0.01 with betas 0/0.99, the raw colour term"
            + " (hinge); 64x64 here (600 steps, about 2.5 minutes on 2 cores), up to 512 on a GPU"
            + " (--resolution 512 --steps 1500)",
            new Genome(1, 128, 10, series1Generator(), series1Generator(),
                    new DiscriminatorGenome(64, 0.5, 128, false, DiscriminatorMode.CLASSIFIER, 10, 0.01), 32),
            new RunConfig(64, 600, 0, 10, 300, 8)),
    BENCH64("the reference genome of the benchmarks: 64x64, exactly as DESIGN.md",
            new Genome(1, 128, 16,
                    generator(4, 128, 256, 0.5, false),
                    generator(4, 128, 256, 0.5, false),
                    new DiscriminatorGenome(256, 0.5, 128, false, DiscriminatorMode.CLASSIFIER, 16, 0.002)),
            new RunConfig(64, 200, 0, 10, 100, 8)),
    GPU("a GPU server: 256x256, progressive growing from 8x8",
            new Genome(1, 256, 16,
                    generator(8, 256, 512, 0.5, true),
                    generator(8, 256, 512, 0.5, true),
                    new DiscriminatorGenome(512, 0.5, 256, false, DiscriminatorMode.CLASSIFIER, 16, 0.002)),
            new RunConfig(256, 20_000, 0, 50, 1000, 16));

    private final String description;
    private final Genome genome;
    private final RunConfig run;

    Preset(String description, Genome genome, RunConfig run) {
        this.description = description;
        this.genome = genome;
        this.run = run;
    }

    /** What the preset is for, one sentence for {@code --help} and the README. */
    public String description() {
        return description;
    }

    /** The preset's genome: what {@code train --preset NAME} trains. */
    public Genome genome() {
        return genome;
    }

    /** The preset's run settings: resolution, budget, intervals, probes. */
    public RunConfig run() {
        return run;
    }

    /**
     * What {@code equilibria evolve --preset NAME} runs by default.
     *
     * @param population individuals per generation
     * @param generations generations of a run
     * @param budget one individual's training
     */
    public record SearchDefaults(int population, int generations, Budget budget) {}

    /** The search this preset runs by default. */
    public SearchDefaults searchDefaults() {
        return switch (this) {
            case TINY -> new SearchDefaults(4, 2, new Budget.Steps(20));
            case CPU -> new SearchDefaults(8, 10, new Budget.Steps(150));
            case SERIES1 -> new SearchDefaults(8, 10, new Budget.Steps(600));
            case BENCH64 -> new SearchDefaults(8, 10, new Budget.Steps(100));
            case GPU -> new SearchDefaults(32, 50, new Budget.Steps(2000));
        };
    }

    /**
     * The genes this preset's search narrows (by dotted path: {@code zDim}, {@code a.wDim}, ...), so
     * that its individuals suit its machine: {@code tiny} trains in seconds, {@code cpu} in well
     * under a minute on two cores. The others search the whole table, except that no search tries
     * the summed {@code l1} distance and only the cpu search weighs the colour term past 2 (the
     * memory constraint still applies). Every bound lies inside the table's domain (GenomeCodecTest).
     */
    public Map<String, Domain> searchBounds() {
        return switch (this) {
            case TINY -> Map.ofEntries(Map.entry("zDim", IntSet.of(32)),
                    Map.entry("a.colourWeight", PAPER_COLOUR_WEIGHTS),
                    Map.entry("b.colourWeight", PAPER_COLOUR_WEIGHTS),
                    Map.entry("a.embedDistance", SEARCHED_DISTANCES),
                    Map.entry("b.embedDistance", SEARCHED_DISTANCES),
                    Map.entry("batchSize", new IntRange(2, 4, Scale.LINEAR)),
                    Map.entry("a.mappingLayers", new IntRange(1, 2, Scale.LINEAR)),
                    Map.entry("b.mappingLayers", new IntRange(1, 2, Scale.LINEAR)),
                    Map.entry("a.wDim", new IntRange(8, 32, Scale.LOG)), Map.entry("b.wDim", new IntRange(8, 32, Scale.LOG)),
                    Map.entry("a.baseChannels", new IntRange(4, 16, Scale.LOG)),
                    Map.entry("b.baseChannels", new IntRange(4, 16, Scale.LOG)),
                    Map.entry("d.baseChannels", new IntRange(4, 16, Scale.LOG)),
                    Map.entry("d.embeddingDim", new IntRange(8, 32, Scale.LOG)),
                    Map.entry("d.batchSize", new IntRange(2, 4, Scale.LINEAR)));
            case CPU -> Map.ofEntries(Map.entry("zDim", IntSet.of(32, 64)),
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
                    // re-normalises the fine layers' high frequencies up). Tried again with tanh outputs
                    // and no per-pixel noise: all 17 AdaIN generators of a discovery run were noise, so
                    // AdaIN stays in the series1, bench64 and gpu searches only. Leaky ReLU, which ran
                    // away with linear outputs (2 of 2), lived in 35 of 38 modulated generators over
                    // those two runs (one exploded individual, one flat) and adds hard-edged shapes.
                    // Over two discovery runs (80 individuals) every one of the 12 exploded finds had a
                    // linear output, and all 24 with two tanh outputs lived: the cpu search keeps tanh.
                    Map.entry("a.style", Options.only(Style.MODULATED)),
                    Map.entry("b.style", Options.only(Style.MODULATED)),
                    Map.entry("a.activation", Options.only(Activation.SINE, Activation.SWISH, Activation.LEAKY_RELU)),
                    Map.entry("b.activation", Options.only(Activation.SINE, Activation.SWISH, Activation.LEAKY_RELU)),
                    Map.entry("a.upsampling", Options.only(Upsampling.BILINEAR)),
                    Map.entry("b.upsampling", Options.only(Upsampling.BILINEAR)),
                    Map.entry("a.output", Options.only(OutputRange.TANH)),
                    Map.entry("b.output", Options.only(OutputRange.TANH)),
                    // Per-pixel noise: over four discovery runs (160 individuals) 35 of the 36 noise,
                    // collapsed and exploded finds had it on in A or B; of the 74 with it off in both, 1
                    // was broken (it grows into grain at this size and budget). The cpu genome has it off.
                    Map.entry("a.noise", Flag.only(false)),
                    Map.entry("b.noise", Flag.only(false)),
                    Map.entry("a.colourMeasure", Options.only(ColourMeasure.RELATIVE)),
                    Map.entry("b.colourMeasure", Options.only(ColourMeasure.RELATIVE)),
                    Map.entry("a.learningRate", new RealRange(1e-4, 3e-3, Scale.LOG)),
                    Map.entry("b.learningRate", new RealRange(1e-4, 3e-3, Scale.LOG)),
                    Map.entry("d.learningRate", new RealRange(1e-4, 3e-3, Scale.LOG)),
                    Map.entry("a.embedDistance", SEARCHED_DISTANCES),
                    Map.entry("b.embedDistance", SEARCHED_DISTANCES),
                    // The diametric discriminator, the paper's "anchor of stability": every promoted
                    // find with a classifier D (3 of 14 promoted from two discovery runs) came to rest
                    // flat within 3,000 steps, every diametric one lived. Switched, two of those three
                    // lived with a diametric D, and a living find with a classifier D went black.
                    // Classifier finds look alive at 150 steps, so the search cannot tell them apart.
                    Map.entry("d.mode", Options.only(DiscriminatorMode.DIAMETRIC)));
            case SERIES1, BENCH64, GPU -> Map.of("a.embedDistance", SEARCHED_DISTANCES,
                    "b.embedDistance", SEARCHED_DISTANCES,
                    "a.colourWeight", PAPER_COLOUR_WEIGHTS, "b.colourWeight", PAPER_COLOUR_WEIGHTS);
        };
    }

    /**
     * The colour weights of a search that may use the raw measure, as the paper's: up to 2. The cpu
     * search, which uses only the relative measure, weighs it up to 8 (the table's range): the
     * relative measure lies in [0, 1], a quarter of the raw measure's range on displayed images, and
     * with weights up to 2 the colour race was too weak to keep A and B apart over a promotion. The
     * three best finds of a discovery run all came to rest within 3,000 steps (D at chance, A and B
     * one image, then one saturated colour or one still pattern); the same genomes with their colour
     * weights four times as large trained past the step where each had died.
     */
    private static final RealRange PAPER_COLOUR_WEIGHTS = new RealRange(0.0, 2.0, Scale.LINEAR);

    /**
     * The embedding distances every search tries: not the summed {@code l1}, whose term grows with
     * D's embedding size. All five failed promotions of the cpu search's best finds (of seven) had it
     * in both generators: the term (about 20 at the start, against class terms near 0.7) pulled A
     * and B together until D sat at chance, the batch collapsed and both generators rested on one
     * saturated colour; the same genomes with {@code mean_l1} stayed alive for the 3,000 steps.
     */
    private static final Options SEARCHED_DISTANCES =
            Options.only(EmbeddingDistance.MEAN_L1, EmbeddingDistance.L2, EmbeddingDistance.COSINE);

    /** The preset called {@code name}, or a {@link ConfigException} listing the known ones. */
    public static Preset named(String name) {
        for (Preset p : values()) {
            if (p.jsonName().equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new ConfigException("preset", "unknown preset \"" + name + "\"; known: " + names());
    }

    /** Every preset's name, comma-separated, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(Preset::jsonName).collect(Collectors.joining(", "));
    }

    /** Every preset, in declaration order. */
    public static List<Preset> all() {
        return List.of(values());
    }

    /**
     * The thesis's generator: the original StyleGAN's AdaIN blocks with progressive growing (the
     * fade-in takes half of each 300-step phase), lr 0.01, the paper's raw colour variance, tanh
     * output. The colour term is the hinge: with the linear race at lr 0.01 both generators drive
     * their outputs into tanh's saturation (two-colour sheets), with the hinge they stay varied.
     * Per-pixel noise is off: with it, instance normalisation of the top blocks amplified the noise
     * into a black-and-white speckle within 300 steps (measured at 32 and 64 px).
     */
    private static GeneratorGenome series1Generator() {
        return new GeneratorGenome(4, 128, 128, 0.5, false, true, Activation.LEAKY_RELU, Upsampling.BILINEAR, true, 0.5,
                1.0, 1.0, 1.0, EmbeddingDistance.L2, ColourForm.HINGE, 0.01, Style.ADAIN, OutputRange.TANH,
                ColourMeasure.RAW, Symmetry.NONE);
    }

    /** Generator genes as DESIGN.md's reference: noise and demodulation on, leaky ReLU, nearest. */
    private static GeneratorGenome generator(int mapping, int wDim, int base, double decay, boolean progressive) {
        return new GeneratorGenome(mapping, wDim, base, decay, true, true, Activation.LEAKY_RELU,
                Upsampling.NEAREST, progressive, 0.5, 1.0, 1.0, 1.0, EmbeddingDistance.L2,
                ColourForm.LINEAR, 0.002);
    }
}
