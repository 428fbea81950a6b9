package io.equilibria.fitness;

/**
 * Every threshold of the stability verdicts and the novelty search, in one place. Pixels are
 * compared in the generators' nominal range [-1, 1] (what a sheet shows); drift is the mean absolute
 * change of a fixed probe's pixels between telemetry rows.
 */
public final class Thresholds {
    private Thresholds() {}

    // exploded
    /** A gradient norm this many times the running median of the earlier rows is an explosion. */
    public static final double GRADIENT_SPIKE = 100;
    /** Rows before the gradient watch starts (the first steps of any training are wild). */
    public static final int GRADIENT_WARMUP_ROWS = 5;
    /** Below this many times the running median, gradients count as fully steady in the score. */
    public static final double GRADIENT_STEADY = 10;
    /** More than this fraction of a generator's final pixels outside [-1, 1]: saturated. */
    public static final double SATURATED_FRACTION = 0.9;

    // collapsed
    /** Mean standard deviation across probes below this: all probes show one image. */
    public static final double DIVERSITY_COLLAPSED = 0.02;
    /** From this diversity up, the score counts diversity as healthy. */
    public static final double DIVERSITY_HEALTHY = 0.15;

    // static and noise
    /** Fraction of the trace, at its end, over which drift is averaged. */
    public static final double DRIFT_WINDOW = 0.25;
    /** Mean drift over the window below this: the outputs stopped changing. */
    public static final double DRIFT_STATIC = 5e-4;
    /** From this drift up, the score counts change as lively. */
    public static final double DRIFT_LIVELY = 5e-3;
    /** From this drift up, the score starts counting change as too fast. */
    public static final double DRIFT_FAST = 0.15;
    /** Mean drift over the window above this: the outputs change completely every interval. */
    public static final double DRIFT_NOISE = 0.5;
    /** A radially averaged power spectrum flatter than this slope (log-log) is white noise. */
    public static final double SLOPE_WHITE = -0.5;
    /** From this slope down the score counts the spectrum as structured (natural images: about -2). */
    public static final double SLOPE_STRUCTURED = -1.5;

    // novelty
    /** Neighbours whose mean distance is the novelty. */
    public static final int NOVELTY_K = 15;
    /**
     * The novelty archive's entry threshold at the start of a search: the square root of the
     * descriptor's dimension, about the distance between two typical standardised descriptors.
     */
    public static final double NOVELTY_THRESHOLD_START = Math.sqrt(Descriptor.NAMES.size());
    /** More than this fraction of a generation's candidates entering: the threshold rises by {@link #NOVELTY_ADJUST}. */
    public static final double NOVELTY_MANY = 0.25;
    /** Generations without an entry before the threshold falls by {@link #NOVELTY_ADJUST}. */
    public static final int NOVELTY_STALL = 2;
    /** Relative change of the threshold per adjustment. */
    public static final double NOVELTY_ADJUST = 0.2;
}
