package io.equilibria.config;

/** How a generator doubles the resolution between synthesis blocks. */
public enum Upsampling implements Choice {
    NEAREST,
    BILINEAR;
}
