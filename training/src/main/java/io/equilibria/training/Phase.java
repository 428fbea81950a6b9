package io.equilibria.training;

/**
 * Where progressive growing stands at one step.
 *
 * @param level the training resolution is 4 · 2^level
 * @param alphaA fade-in of A's newest ToRGB in [0, 1]
 * @param alphaB fade-in of B's newest ToRGB in [0, 1]
 * @param alphaD fade-in of D's newest FromRGB path in [0, 1]
 */
public record Phase(int level, float alphaA, float alphaB, float alphaD) {
    /** The phase's training resolution in pixels. */
    public int resolution() {
        return 4 << level;
    }
}
