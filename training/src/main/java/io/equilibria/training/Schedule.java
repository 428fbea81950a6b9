package io.equilibria.training;

import io.equilibria.config.GeneratorGenome;
import io.equilibria.config.Genome;

/**
 * Progressive growing over the budget. When either generator is progressive, training starts at
 * the genome's start resolution (8×8 by default; or the run's resolution, if smaller) and grows one doubling per phase; the phases share the
 * budget equally. In every phase but the first, a progressive generator fades its newest block in
 * over its {@code fadeFraction} of the phase. A non-progressive generator always synthesises at
 * full resolution and is average-pooled down to the phase's resolution for D, which grows with the
 * progressive generators and fades in as slowly as the slower of them.
 */
final class Schedule {

    private final GeneratorGenome a;
    private final GeneratorGenome b;
    private final int startLevel;
    private final int maxLevel;

    Schedule(Genome genome, int resolution) {
        this.a = genome.a();
        this.b = genome.b();
        this.maxLevel = Integer.numberOfTrailingZeros(resolution) - 2;
        boolean grows = a.progressive() || b.progressive();
        this.startLevel = grows ? Math.min(maxLevel, Integer.numberOfTrailingZeros(genome.startResolution()) - 2) : maxLevel;
    }

    int phases() {
        return maxLevel - startLevel + 1;
    }

    /** The phase at {@code progress} ∈ [0, 1] of the budget (steps done / steps, or seconds). */
    Phase at(double progress) {
        int n = phases();
        double scaled = Math.max(0, Math.min(1, progress)) * n;
        int index = Math.min(n - 1, (int) scaled);
        double within = scaled - index;
        float alphaA = alpha(a, index, within);
        float alphaB = alpha(b, index, within);
        float alphaD = Math.min(a.progressive() ? alphaA : 1f, b.progressive() ? alphaB : 1f);
        return new Phase(startLevel + index, alphaA, alphaB, alphaD);
    }

    private static float alpha(GeneratorGenome g, int phaseIndex, double within) {
        if (!g.progressive() || phaseIndex == 0 || g.fadeFraction() <= 0) {
            return 1f;
        }
        return (float) Math.min(1.0, within / g.fadeFraction());
    }
}
