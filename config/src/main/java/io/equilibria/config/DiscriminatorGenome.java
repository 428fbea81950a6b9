package io.equilibria.config;

/** The genes of the discriminator D. Validated against {@link SearchSpace#DISCRIMINATOR}. */
public record DiscriminatorGenome(
        int baseChannels,
        double channelDecay,
        int embeddingDim,
        boolean minibatchStddev,
        DiscriminatorMode mode,
        int batchSize,
        double learningRate) {

    public DiscriminatorGenome {
        SearchSpace.Scope s = SearchSpace.DISCRIMINATOR;
        s.check("baseChannels", baseChannels);
        s.check("channelDecay", channelDecay);
        s.check("embeddingDim", embeddingDim);
        s.check("mode", mode);
        s.check("batchSize", batchSize);
        s.check("learningRate", learningRate);
    }

    /** Channels of the block that reads {@code resolution}. */
    public int channelsAt(int resolution) {
        return Genome.channels(baseChannels, channelDecay, resolution);
    }
}
