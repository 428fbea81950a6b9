package io.equilibria.training;

import io.equilibria.config.Activation;
import io.equilibria.config.ColourForm;
import io.equilibria.config.DiscriminatorGenome;
import io.equilibria.config.DiscriminatorMode;
import io.equilibria.config.EmbeddingDistance;
import io.equilibria.config.GeneratorGenome;
import io.equilibria.config.Genome;
import io.equilibria.config.Preset;
import io.equilibria.config.Upsampling;

/** Small genomes for tests, variations of the tiny preset. */
final class Genomes {
    private Genomes() {}

    static Genome tiny() {
        return Preset.TINY.genome();
    }

    static GeneratorGenome generator(Activation act, Upsampling up, boolean progressive, double classW,
            double embedW, double colourW, EmbeddingDistance distance, ColourForm colour) {
        return new GeneratorGenome(2, 32, 16, 0.5, true, true, act, up, progressive, 0.5, classW, embedW,
                colourW, distance, colour, 0.002);
    }

    static Genome progressive() {
        GeneratorGenome a = generator(Activation.LEAKY_RELU, Upsampling.BILINEAR, true, 1, 1, 1, EmbeddingDistance.L1, ColourForm.LINEAR);
        GeneratorGenome b = generator(Activation.SINE, Upsampling.NEAREST, true, 1, 1, 1, EmbeddingDistance.COSINE, ColourForm.HINGE);
        return new Genome(3, 32, 4, a, b, new DiscriminatorGenome(16, 0.5, 32, true, DiscriminatorMode.CLASSIFIER, 4, 0.002));
    }

    static Genome withMode(DiscriminatorMode mode) {
        Genome t = tiny();
        DiscriminatorGenome d = t.d();
        return new Genome(t.seed(), t.zDim(), t.batchSize(), t.a(), t.b(),
                new DiscriminatorGenome(d.baseChannels(), d.channelDecay(), d.embeddingDim(), d.minibatchStddev(),
                        mode, d.batchSize(), d.learningRate()));
    }
}
