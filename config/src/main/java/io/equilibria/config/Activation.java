package io.equilibria.config;

/** The non-linearity after each modulated convolution of a generator. */
public enum Activation implements Choice {
    /** Leaky ReLU with slope 0.2, scaled by sqrt(2) as in StyleGAN2. */
    LEAKY_RELU("leaky_relu"),
    /** sin(x): periodic, keeps high frequencies alive. */
    SINE("sine"),
    /** x * sigmoid(x). */
    SWISH("swish");

    private final String jsonName;

    Activation(String jsonName) {
        this.jsonName = jsonName;
    }

    @Override
    public String jsonName() {
        return jsonName;
    }
}
