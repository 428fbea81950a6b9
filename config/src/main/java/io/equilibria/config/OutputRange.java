package io.equilibria.config;

/** What a generator's summed ToRGB outputs pass through before they are its images. */
public enum OutputRange implements Choice {
    /** Unbounded, as StyleGAN's networks emit (the display clips to [-1, 1]). */
    LINEAR,
    /** tanh: every pixel in (-1, 1), so magnitude can never run away; saturation shows as ±1. */
    TANH;
}
