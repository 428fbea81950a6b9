package io.equilibria.fitness;

/**
 * Every threshold of the stability verdicts and the novelty search, in one place. Pictures are
 * judged as displayed ({@link io.equilibria.training.Display}): intensities in [0, 1], clipped as
 * a sheet shows them; diversity and drift are on the [-1, 1] scale of the outputs (drift: the mean
 * absolute change of a fixed probe's pixels between telemetry rows). The figures were set on real
 * sheets of the cpu search (see {@code fitness/src/test/resources/looks}, labelled by eye).
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
    /** More than this fraction of a generator's displayed channel values clipped (0 or 255): saturated. */
    public static final double SATURATED_FRACTION = 0.8;
    /**
     * A promotion trains this many times the search's budget: the horizon over which a growing
     * output magnitude is projected.
     */
    public static final int PROMOTION_FACTOR = 20;
    /**
     * Output RMS (before tanh and the display's clipping) projected past this by the end of a
     * promotion: a runaway that would overflow, counted as exploded. At RMS 10⁴ the raw colour
     * variance is about 10⁸, where the measured runaway of the old cpu preset (variance 18 → 1.3e9 in
     * 300 steps) was a few more doublings from float32's limit; every displayed pixel is clipped long before.
     */
    public static final double RMS_RUNAWAY = 1e4;
    /** Rows at the end of the trace over which the growth of the output RMS is fitted (fraction). */
    public static final double RMS_WINDOW = 0.5;

    // flat
    /** Mean spatial deviation of the displayed probes below this: each shows one colour field. */
    public static final double FLAT_DEVIATION = 0.02;

    // collapsed
    /**
     * Mean standard deviation across probes below this: all probes show one image (set by eye: the
     * two generators of a colour-off Series-1 training, whose eight probes show one shape, measured
     * 0.039 and 0.054; the least diverse living find of the fixture 0.30).
     */
    public static final double DIVERSITY_COLLAPSED = 0.07;
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
    /** More than this fraction of luminance power above a quarter of the sampling rate: pixel noise. */
    public static final double HIGH_FREQUENCY_NOISE = 0.2;
    /** Below this fraction the score counts the picture as soft. */
    public static final double HIGH_FREQUENCY_SOFT = 0.08;

    /**
     * A median pixel further than this from its four neighbours' mean (displayed intensity, per
     * channel, {@link Pictures#grain()}): grain over the picture (per-pixel noise inputs grown
     * strong), judged noise. Set by eye on sheets of the cpu search ({@code looks/noise/*-grain-*}):
     * the least grainy of the grainy measured 0.021, the living sheets of the fixture at most 0.012.
     */
    public static final double GRAIN = 0.016;
    /**
     * Grain is judged from this resolution up (the search's): at 16 pixels soft shapes already move
     * the median pixel 0.016 from its neighbours (a tiny promotion's sheet), as much as grain at 32.
     */
    public static final int GRAIN_FROM_RESOLUTION = 32;
    /** Below this the score counts the picture as free of grain. */
    public static final double GRAIN_INVISIBLE = 0.008;
    /**
     * Grain above this fraction of the pictures' own spatial deviation: noise. Grain is masked by
     * what a picture shows (contrast masking): on busy, contrasted pictures 0.012 does not show, on
     * a soft field 0.008 does. Set by eye on a discovery run of symmetric generators
     * ({@code looks/noise/*-grain-b}, {@code looks/alive/*-symmetric-a}): clean living sheets
     * measured up to 0.043, grainy ones from 0.050; the living sheets of the fixture at most 0.032.
     */
    public static final double GRAIN_RELATIVE = 0.046;
    /** Below this relative grain the score counts the picture as free of grain. */
    public static final double GRAIN_RELATIVE_INVISIBLE = 0.035;

    // blocky
    /** Steps across a 2- or 4-pixel grid this many times those inside it: the picture is blocky. */
    public static final double BLOCKY = 2.0;
    /** Below this ratio no grid shows, for the score. */
    public static final double BLOCKS_INVISIBLE = 1.3;

    // novelty
    /** Stability scores above this are alive, those below it broken (the verdict's boundary). */
    public static final double ALIVE_STABILITY = 0.5;
    /**
     * Selection counts stability up to this score: an individual this far from every edge (its
     * pictures' score at least 0.8) is healthy enough, and only its novelty (and the artist's
     * preference) tells it from others as healthy, while one nearer an edge still gains by moving
     * away from it. Counted whole, stability kept pulling the cpu search towards the safest pictures,
     * soft unsaturated fields (stability 1.0): in a 40-individual discovery run 7 of the last 18
     * individuals were variations of one pale magenta field. Counted only up to the alive boundary
     * (0.5: novelty search with a minimal criterion, Lehman &amp; Stanley 2010), the search drifted to
     * the edges instead, where novelty is cheap: 10 of 40 noise and grainy finds among the living.
     */
    public static final double STABILITY_SUFFICIENT = 0.9;
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
