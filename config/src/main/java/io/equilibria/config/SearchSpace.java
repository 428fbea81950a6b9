package io.equilibria.config;

import io.equilibria.config.Domain.Flag;
import io.equilibria.config.Domain.IntRange;
import io.equilibria.config.Domain.IntSet;
import io.equilibria.config.Domain.Options;
import io.equilibria.config.Domain.RealRange;
import io.equilibria.config.Domain.Scale;
import io.equilibria.config.Domain.Seed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The search space: the one table of genes, ranges and defaults. Genome records validate against
 * it, JSON reading validates against it, and the evolutionary codec is generated from it.
 *
 * <p>The table has three scopes, one per genome record: {@link #GENOME} (shared genes of the
 * ensemble), {@link #GENERATOR} (the genes each of A and B has independently, written under
 * {@code a.} and {@code b.}) and {@link #DISCRIMINATOR} (under {@code d.}). Gene names equal the
 * record components' names; a test keeps the two in step.
 */
public final class SearchSpace {

    /** An ordered set of genes belonging to one record type. */
    public static final class Scope {
        private final String name;
        private final Map<String, Gene> genes = new LinkedHashMap<>();

        /** A table of fields for one record type (used for the genome and for run settings). */
        public static Scope of(String name, List<Gene> genes) {
            return new Scope(name, genes);
        }

        private Scope(String name, List<Gene> genes) {
            this.name = name;
            genes.forEach(g -> this.genes.put(g.name(), g));
        }

        /** The record this scope describes, for messages. */
        public String name() {
            return name;
        }

        /** The genes in table order. */
        public List<Gene> genes() {
            return List.copyOf(genes.values());
        }

        /** The gene called {@code name}, if this scope has one. */
        public Optional<Gene> gene(String name) {
            return Optional.ofNullable(genes.get(name));
        }

        /**
         * Checks one value against its gene.
         *
         * @throws ConfigException naming the field when the value is outside the gene's domain
         * @throws IllegalArgumentException when no gene has that name (a programming error)
         */
        public void check(String field, Object value) {
            Gene gene = genes.get(field);
            if (gene == null) {
                throw new IllegalArgumentException("no gene " + field + " in " + name);
            }
            String reason = gene.domain().reject(value);
            if (reason != null) {
                throw new ConfigException(field, reason);
            }
        }
    }

    private static final Scale LIN = Scale.LINEAR;
    private static final Scale LOG = Scale.LOG;

    public static final Scope GENOME = new Scope("genome", List.of(
            new Gene("seed", new Seed(), 1L,
                    "Seed of weight initialisation, latents and noise; same seed, same trace on CPU."),
            new Gene("zDim", IntSet.of(32, 64, 128, 256), 128,
                    "Latent size shared by A and B, which receive the same z every step."),
            new Gene("batchSize", new IntRange(2, 64, LOG), 16,
                    "Batch of the generator pair: too small and gradients explode, too large and the dynamics average out."),
            new Gene("startResolution", IntSet.of(8, 16, 32), 8,
                    "Resolution where progressive growing starts; each doubling to the run's resolution is one phase.")));

    public static final Scope GENERATOR = new Scope("generator", List.of(
            new Gene("mappingLayers", new IntRange(1, 8, LIN), 4, "Depth of the mapping MLP z -> w."),
            new Gene("wDim", new IntRange(8, 256, LOG), 128, "Size of the intermediate latent w."),
            new Gene("baseChannels", new IntRange(4, 512, LOG), 256,
                    "Channels at 4x4 and 8x8; the widest layers."),
            new Gene("channelDecay", new RealRange(0.25, 1.0, LIN), 0.5,
                    "Channels shrink by this factor per doubling of resolution past 8x8."),
            new Gene("noise", new Flag(), true, "Per-pixel noise with a learned per-channel strength."),
            new Gene("demodulate", new Flag(), true, "Weight demodulation after modulation."),
            new Gene("activation", new Options(Activation.class), Activation.LEAKY_RELU,
                    "Non-linearity of the synthesis layers."),
            new Gene("upsampling", new Options(Upsampling.class), Upsampling.NEAREST,
                    "How resolution doubles between blocks."),
            new Gene("progressive", new Flag(), false,
                    "Grow from 8x8 to the run's resolution in phases, fading each new block in."),
            new Gene("fadeFraction", new RealRange(0.0, 1.0, LIN), 0.5,
                    "Fraction of each growth phase spent fading the new resolution in."),
            new Gene("classWeight", new RealRange(0.0, 2.0, LIN), 1.0,
                    "Weight of the class term: be recognised by D as the other generator."),
            new Gene("embedWeight", new RealRange(0.0, 2.0, LIN), 1.0,
                    "Weight of the embedding term: bring D-embeddings close to the other's, pair by pair."),
            new Gene("colourWeight", new RealRange(0.0, 8.0, LIN), 1.0,
                    "Weight of the colour term: more batch colour variance than the other. Searches with the relative"
                            + " measure (a quarter of the raw one's range on displayed images) weigh it up to 8, the"
                            + " others up to 2."),
            new Gene("embedDistance", new Options(EmbeddingDistance.class), EmbeddingDistance.L2,
                    "Distance used by the embedding term: mean_l1 (mean absolute difference per dimension), l1 (their"
                            + " sum: grows with D's embedding size; no search tries it), l2 or cosine."),
            new Gene("colourForm", new Options(ColourForm.class), ColourForm.LINEAR,
                    "Linear V_other - V_self, or hinge relu(V_other - V_self)."),
            new Gene("learningRate", new RealRange(1e-4, 1e-2, LOG), 0.002, "Adam learning rate."),
            new Gene("style", new Options(Style.class), Style.MODULATED,
                    "modulated (StyleGAN2: style and weight magnitudes multiply) or adain (the original StyleGAN"
                            + " the series used: instance normalisation, then the style's scale and bias; bounded)."),
            new Gene("output", new Options(OutputRange.class), OutputRange.LINEAR,
                    "linear (unbounded, the display clips to [-1, 1]) or tanh (every pixel in (-1, 1))."),
            new Gene("colourMeasure", new Options(ColourMeasure.class), ColourMeasure.RAW,
                    "raw batch colour variance (the paper; grows with magnitude) or relative (variance over the"
                            + " images' own power: scale-invariant)."),
            new Gene("symmetry", new Options(Symmetry.class), Symmetry.NONE,
                    "none, left_right (the left half mirrored onto the right), top_bottom (the top half onto the"
                            + " bottom) or both (fourfold).")));

    public static final Scope DISCRIMINATOR = new Scope("discriminator", List.of(
            new Gene("baseChannels", new IntRange(4, 512, LOG), 256, "Channels at 4x4 and 8x8."),
            new Gene("channelDecay", new RealRange(0.25, 1.0, LIN), 0.5,
                    "Channels shrink by this factor per doubling of resolution past 8x8."),
            new Gene("embeddingDim", new IntRange(8, 512, LOG), 128, "Size of the embedding head e."),
            new Gene("minibatchStddev", new Flag(), false,
                    "Minibatch standard deviation feature, computed per generator's half of the batch."),
            new Gene("mode", new Options(DiscriminatorMode.class), DiscriminatorMode.CLASSIFIER,
                    "classifier, or diametric (opposed losses on alternate batches)."),
            new Gene("batchSize", new IntRange(2, 64, LOG), 16, "Samples per generator in D's step."),
            new Gene("learningRate", new RealRange(1e-4, 1e-2, LOG), 0.002, "Adam learning rate.")));

    /**
     * Genes added after archives already held genomes (by dotted path). A genome whose value of
     * such a gene is the gene's default is the same ensemble it was before the gene existed, so
     * its identity ({@link ConfigJson#toIdentityJson}) leaves the gene out and keeps its old id.
     */
    public static final List<String> ADDED_LATER = List.of("startResolution", "a.style", "a.output",
            "a.colourMeasure", "b.style", "b.output", "b.colourMeasure", "a.symmetry", "b.symmetry");

    private SearchSpace() {}
}
