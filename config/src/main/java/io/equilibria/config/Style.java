package io.equilibria.config;

/** How w styles a generator's synthesis layers. */
public enum Style implements Choice {
    /**
     * StyleGAN2: the style scales the convolution's input channels, demodulation (a gene) rescales
     * its output; style and weight magnitudes multiply, so activations are not bounded.
     */
    MODULATED,
    /**
     * The original StyleGAN, which the Series-1 works used: 3×3 convolution, noise, bias,
     * activation, then instance normalisation of every feature map per sample and the style's
     * per-channel scale and bias. Every layer's output is re-normalised: activations stay bounded.
     */
    ADAIN;
}
