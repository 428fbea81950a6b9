package io.equilibria.config;

/** What the colour-variety term measures of a batch x. */
public enum ColourMeasure implements Choice {
    /**
     * The paper's V(x): per-pixel variance across the batch, averaged over pixels, summed over four
     * channel views (all channels, then R, G, B). Grows with the square of the outputs' magnitude,
     * so on unbounded outputs it is won by growing the magnitude.
     */
    RAW,
    /**
     * V(x) / (P(x) + 1e-4), P(x) the mean square of x over batch, channels and pixels (the images'
     * own power), scaled by 1/4 so that it lies in [0, 1]: scale-invariant, growing the magnitude
     * earns nothing, only variety across the batch does.
     */
    RELATIVE;
}
