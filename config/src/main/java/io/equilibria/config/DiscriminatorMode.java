package io.equilibria.config;

/** How the discriminator is trained. */
public enum DiscriminatorMode implements Choice {
    /** BCE with label 1 for A's images and 0 for B's. */
    CLASSIFIER,
    /**
     * Both opposed losses, on alternate steps and therefore different batches (A→1, B→0, then
     * A→0, B→1), so that they do not cancel: an anchor of stability for the generators.
     */
    DIAMETRIC;
}
