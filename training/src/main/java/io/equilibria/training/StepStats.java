package io.equilibria.training;

/**
 * What one training step measured. Losses are the un-weighted terms; gradient norms are L2 norms
 * over all of a network's parameters before the update; D's sign is the mean of sign(logit);
 * {@code varianceA/B} are the paper's raw batch colour variance V(x) of the generators' batch, and
 * {@code rmsA/B} the root mean square of their values before the output range (tanh) and the
 * display's clipping, so that a runaway magnitude shows long before it overflows or saturates. Rows read from traces written before the RMS
 * was recorded have NaN there.
 */
public record StepStats(
        float dLoss,
        float aClass, float aEmbed, float aColour,
        float bClass, float bEmbed, float bColour,
        float gradNormA, float gradNormB, float gradNormD,
        float dSignA, float dSignB,
        float varianceA, float varianceB,
        float embedDistance,
        float rmsA, float rmsB) {

    static StepStats of(float[] v) {
        return new StepStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
                v[12], v[13], v[14], v[15], v[16]);
    }

    /** The total loss A minimised, given its weights. */
    public float aTotal(io.equilibria.config.GeneratorGenome g) {
        return (float) (g.classWeight() * aClass + g.embedWeight() * aEmbed + g.colourWeight() * aColour);
    }

    /** The total loss B minimised, given its weights. */
    public float bTotal(io.equilibria.config.GeneratorGenome g) {
        return (float) (g.classWeight() * bClass + g.embedWeight() * bEmbed + g.colourWeight() * bColour);
    }

    /** The first non-finite quantity, as "name=value", or null when all are finite. */
    public String firstNonFinite() {
        String[] names = {"d_loss", "a_class", "a_embed", "a_colour", "b_class", "b_embed", "b_colour",
            "grad_norm_a", "grad_norm_b", "grad_norm_d"};
        float[] values = {dLoss, aClass, aEmbed, aColour, bClass, bEmbed, bColour, gradNormA, gradNormB, gradNormD};
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return names[i] + "=" + values[i];
            }
        }
        return null;
    }
}
