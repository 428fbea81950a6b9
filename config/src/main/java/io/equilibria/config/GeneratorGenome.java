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
        double learningRate) {

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
    }

    /** Channels of the synthesis block at {@code resolution}. */
    public int channelsAt(int resolution) {
        return Genome.channels(baseChannels, channelDecay, resolution);
    }

    public GeneratorGenome withColour(ColourForm form) {
        return new GeneratorGenome(mappingLayers, wDim, baseChannels, channelDecay, noise, demodulate,
                activation, upsampling, progressive, fadeFraction, classWeight, embedWeight, colourWeight,
                embedDistance, form, learningRate);
    }

    public GeneratorGenome withLearningRate(double lr) {
        return new GeneratorGenome(mappingLayers, wDim, baseChannels, channelDecay, noise, demodulate,
                activation, upsampling, progressive, fadeFraction, classWeight, embedWeight, colourWeight,
                embedDistance, colourForm, lr);
    }
}
