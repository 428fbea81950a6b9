package io.equilibria.config;

/**
 * The symmetry a generator's images are given: the synthesised image's left half mirrored onto its
 * right ({@code left_right}, as a face or a huipil's panels), its top half onto its bottom
 * ({@code top_bottom}, as a reflection in water), both (a fourfold, kaleidoscope-like figure), or
 * none. The generator synthesises the whole image; only the kept half (or quarter) reaches the
 * output, so the symmetry is exact.
 */
public enum Symmetry implements Choice {
    NONE,
    LEFT_RIGHT,
    TOP_BOTTOM,
    BOTH;

    /** Whether the right half mirrors the left. */
    public boolean leftRight() {
        return this == LEFT_RIGHT || this == BOTH;
    }

    /** Whether the bottom half mirrors the top. */
    public boolean topBottom() {
        return this == TOP_BOTTOM || this == BOTH;
    }
}
