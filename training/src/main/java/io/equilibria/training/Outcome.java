package io.equilibria.training;

/** How a training run ended. */
public enum Outcome {
    /** The budget was spent. */
    COMPLETED,
    /** A loss or gradient became non-finite; training ended early with finite weights. */
    NON_FINITE,
    /** Stopped on request (Ctrl-C); a checkpoint allows resuming. */
    STOPPED
}
