package io.equilibria.config;

/** The non-linearity after each modulated convolution of a generator. */
public enum Activation implements Choice {
    /** Leaky ReLU with slope 0.2, scaled by sqrt(2) as in StyleGAN2. */
    LEAKY_RELU,
    /** sin(x): periodic, keeps high frequencies alive. */
    SINE,
    /** x * sigmoid(x), scaled by sqrt(2) like leaky ReLU. */
    SWISH;
}
