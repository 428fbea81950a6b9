package io.equilibria.fitness;

import io.equilibria.config.Choice;

/** What a training's dynamics did (see {@link Stability}). */
public enum Verdict implements Choice {
    /**
     * Non-finite numbers, a gradient norm far past its running median, saturated displayed
     * outputs, or an output magnitude that would run away within a promotion's budget.
     */
    EXPLODED,
    /** Every probe of a generator shows one colour field. */
    FLAT,
    /** The fixed probes of a generator show one image. */
    COLLAPSED,
    /** The outputs stopped changing. */
    STATIC,
    /** The outputs change completely every interval, are spectrally white, or are pixel noise. */
    NOISE,
    /** The pictures are made of visible 2- or 4-pixel blocks (nearest upsampling showing through). */
    BLOCKY,
    /** None of the above: in equilibrium, for now. */
    ALIVE;

    /** Whether an individual with this verdict is worth showing and breeding from. */
    public boolean viable() {
        return this == ALIVE;
    }

    /** The verdict named {@code name} (as {@link #jsonName()}), or null. */
    public static Verdict named(String name) {
        return Choice.parse(Verdict.class, name);
    }
}
