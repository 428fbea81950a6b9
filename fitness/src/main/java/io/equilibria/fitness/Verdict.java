package io.equilibria.fitness;

import java.util.Locale;

/** What a training's dynamics did (see {@link Stability}). */
public enum Verdict {
    /** Non-finite numbers, a gradient norm far past its running median, or saturated outputs. */
    EXPLODED,
    /** The fixed probes of a generator show one image. */
    COLLAPSED,
    /** The outputs stopped changing. */
    STATIC,
    /** The outputs change completely every interval, or are spectrally white. */
    NOISE,
    /** None of the above: in equilibrium, for now. */
    ALIVE;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
