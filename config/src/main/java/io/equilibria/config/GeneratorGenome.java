package io.equilibria.config;

/**
 * The genes of one style-based generator (A or B each have their own). Validated against
 * {@link SearchSpace#GENERATOR}: an instance outside the search space cannot exist.
 */
public record GeneratorGenome(
        int mappingLayers,
        int wDim,
        int baseChannels,
        double channelDecay,
        boolean noise,
        boolean demodulate,
        Activation activation,
        Upsampling upsampling,
        boolean progressive,
        double fadeFraction,
        double classWeight,
        double embedWeight,
        double colourWeight,
        EmbeddingDistance embedDistance,
        ColourForm colourForm,
        double learningRate,
        Style style,
        OutputRange output,
        ColourMeasure colourMeasure,
        Symmetry symmetry) {

    public GeneratorGenome {
        SearchSpace.Scope s = SearchSpace.GENERATOR;
        s.check("mappingLayers", mappingLayers);
        s.check("wDim", wDim);
        s.check("baseChannels", baseChannels);
        s.check("channelDecay", channelDecay);
        s.check("activation", activation);
        s.check("upsampling", upsampling);
        s.check("fadeFraction", fadeFraction);
        s.check("classWeight", classWeight);
        s.check("embedWeight", embedWeight);
        s.check("colourWeight", colourWeight);
        s.check("embedDistance", embedDistance);
        s.check("colourForm", colourForm);
        s.check("learningRate", learningRate);
        s.check("style", style);
        s.check("output", output);
        s.check("colourMeasure", colourMeasure);
        s.check("symmetry", symmetry);
    }

    /**
     * A generator as before the style, output, colour-measure and symmetry genes existed: modulated
     * convolutions, linear output, the paper's raw colour variance, no symmetry (the table's
     * defaults, which a genome without those fields also reads as).
     */
    public GeneratorGenome(int mappingLayers, int wDim, int baseChannels, double channelDecay, boolean noise,
            boolean demodulate, Activation activation, Upsampling upsampling, boolean progressive,
            double fadeFraction, double classWeight, double embedWeight, double colourWeight,
            EmbeddingDistance embedDistance, ColourForm colourForm, double learningRate) {
        this(mappingLayers, wDim, baseChannels, channelDecay, noise, demodulate, activation, upsampling, progressive,
                fadeFraction, classWeight, embedWeight, colourWeight, embedDistance, colourForm, learningRate,
                Style.MODULATED, OutputRange.LINEAR, ColourMeasure.RAW, Symmetry.NONE);
    }

    /** Channels of the synthesis block at {@code resolution}. */
    public int channelsAt(int resolution) {
        return Genome.channels(baseChannels, channelDecay, resolution);
    }

    /** The same generator with another form of the colour term. */
    public GeneratorGenome withColour(ColourForm form) {
        return new GeneratorGenome(mappingLayers, wDim, baseChannels, channelDecay, noise, demodulate,
                activation, upsampling, progressive, fadeFraction, classWeight, embedWeight, colourWeight,
                embedDistance, form, learningRate, style, output, colourMeasure, symmetry);
    }

    /** The same generator with Adam learning rate {@code lr} (1e-4 to 1e-2, else {@link ConfigException}). */
    public GeneratorGenome withLearningRate(double lr) {
        return new GeneratorGenome(mappingLayers, wDim, baseChannels, channelDecay, noise, demodulate,
                activation, upsampling, progressive, fadeFraction, classWeight, embedWeight, colourWeight,
                embedDistance, colourForm, lr, style, output, colourMeasure, symmetry);
    }

    /** The same generator with another style mechanism, output range and colour measure. */
    public GeneratorGenome withDynamics(Style newStyle, OutputRange newOutput, ColourMeasure newMeasure) {
        return new GeneratorGenome(mappingLayers, wDim, baseChannels, channelDecay, noise, demodulate,
                activation, upsampling, progressive, fadeFraction, classWeight, embedWeight, colourWeight,
                embedDistance, colourForm, learningRate, newStyle, newOutput, newMeasure, symmetry);
    }

    /** The same generator with colour weight {@code w} (0: no colour term). */
    public GeneratorGenome withColourWeight(double w) {
        return new GeneratorGenome(mappingLayers, wDim, baseChannels, channelDecay, noise, demodulate,
                activation, upsampling, progressive, fadeFraction, classWeight, embedWeight, w,
                embedDistance, colourForm, learningRate, style, output, colourMeasure, symmetry);
    }

    /** The same generator, progressive or not. */
    public GeneratorGenome withProgressive(boolean on, double fade) {
        return new GeneratorGenome(mappingLayers, wDim, baseChannels, channelDecay, noise, demodulate,
                activation, upsampling, on, fade, classWeight, embedWeight, colourWeight,
                embedDistance, colourForm, learningRate, style, output, colourMeasure, symmetry);
    }

    /** The same generator with another symmetry. */
    public GeneratorGenome withSymmetry(Symmetry newSymmetry) {
        return new GeneratorGenome(mappingLayers, wDim, baseChannels, channelDecay, noise, demodulate,
                activation, upsampling, progressive, fadeFraction, classWeight, embedWeight, colourWeight,
                embedDistance, colourForm, learningRate, style, output, colourMeasure, newSymmetry);
    }
}
