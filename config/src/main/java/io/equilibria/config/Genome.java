package io.equilibria.config;

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
     * Channels at a resolution: {@code base} at 4x4 and 8x8, then multiplied by {@code decay} per
     * doubling, never below 4. With base 256 and decay 0.5: 4:256, 8:256, 16:128, 32:64, 64:32.
     */
    static int channels(int base, double decay, int resolution) {
        int doublingsPast8 = Math.max(0, Integer.numberOfTrailingZeros(resolution) - 3);
        return Math.max(4, (int) Math.round(base * Math.pow(decay, doublingsPast8)));
    }
}
