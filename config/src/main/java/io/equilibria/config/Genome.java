package io.equilibria.config;

import java.util.Set;
import java.util.TreeSet;

/**
 * One Series-1 ensemble: two generators A and B, one discriminator D, and the genes they share.
 * Resolution and budget belong to the run, not the genome. Validated against {@link SearchSpace}.
 *
 * @param seed seed of initialisation, latents and noise
 * @param zDim latent size shared by A and B
 * @param batchSize batch of the generator pair per step
 * @param startResolution where progressive growing starts (pixels; ignored when neither generator
 *     is progressive, capped at the run's resolution)
 */
public record Genome(long seed, int zDim, int batchSize, GeneratorGenome a, GeneratorGenome b,
        DiscriminatorGenome d, int startResolution) {

    public Genome {
        SearchSpace.Scope s = SearchSpace.GENOME;
        s.check("seed", seed);
        s.check("zDim", zDim);
        s.check("batchSize", batchSize);
        if (a == null || b == null || d == null) {
            throw new ConfigException(a == null ? "a" : b == null ? "b" : "d", "missing");
        }
        s.check("startResolution", startResolution);
    }

    /** A genome whose progressive growing starts at 8×8 (the default). */
    public Genome(long seed, int zDim, int batchSize, GeneratorGenome a, GeneratorGenome b, DiscriminatorGenome d) {
        this(seed, zDim, batchSize, a, b, d, 8);
    }

    /** The same ensemble with another seed (0 or more): other initial weights, latents and noise. */
    public Genome withSeed(long newSeed) {
        return new Genome(newSeed, zDim, batchSize, a, b, d, startResolution);
    }

    /** The same genome with other generators. */
    public Genome withGenerators(GeneratorGenome newA, GeneratorGenome newB) {
        return new Genome(seed, zDim, batchSize, newA, newB, d, startResolution);
    }

    /**
     * The searched genes (dotted paths, as in the gene table) that a training of this genome at
     * {@code resolution} never reads: {@code startResolution} when neither generator is
     * progressive; each generator's {@code progressive} when growing would start at or above the
     * resolution (one phase, nothing to grow); and a generator's {@code fadeFraction} when it does
     * not grow. Genomes that differ only in these train bit-identically (TrainerTest holds each
     * case), so the search never spends a mutation on them alone. At another resolution (a
     * promotion's) they may be read.
     */
    public Set<String> unreadAt(int resolution) {
        Set<String> unread = new TreeSet<>();
        boolean grows = (a.progressive() || b.progressive()) && startResolution < resolution;
        if (!a.progressive() && !b.progressive()) {
            unread.add("startResolution");
        }
        if (startResolution >= resolution) {
            unread.add("a.progressive");
            unread.add("b.progressive");
        }
        if (!grows || !a.progressive()) {
            unread.add("a.fadeFraction");
        }
        if (!grows || !b.progressive()) {
            unread.add("b.fadeFraction");
        }
        return unread;
    }

    /**
     * Channels at a resolution: {@code base} at 4x4 and 8x8, then multiplied by {@code decay} per
     * doubling, never below 4. With base 256 and decay 0.5: 4:256, 8:256, 16:128, 32:64, 64:32.
     */
    static int channels(int base, double decay, int resolution) {
        int doublingsPast8 = Math.max(0, Integer.numberOfTrailingZeros(resolution) - 3);
        return Math.max(4, (int) Math.round(base * Math.pow(decay, doublingsPast8)));
    }
}
