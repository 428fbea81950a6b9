package io.equilibria.config;

/** The shape of the colour-variety term: a generator wants more batch variance than the other. */
public enum ColourForm implements Choice {
    /** V(other) - V(self). */
    LINEAR,
    /** relu(V(other) - V(self)): no reward once ahead. */
    HINGE;
}
