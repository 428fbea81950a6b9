package io.equilibria.training;

import java.util.Locale;

/**
 * One row of a training trace, taken every {@code telemetryEvery} steps.
 *
 * @param step steps completed when the row was taken
 * @param seconds wall-clock seconds of training so far (across resumes)
 * @param resolution the phase's training resolution in pixels
 * @param alpha D's fade-in of the newest resolution
 * @param stats the losses and measurements of this step
 * @param driftA mean absolute change of A's fixed-probe outputs since the previous row (pixels in
 *     [-1, 1]); NaN on the first row
 * @param driftB the same for B
 * @param nonFinite whether this step produced a non-finite loss or gradient
 */
public record Telemetry(long step, double seconds, int resolution, float alpha, StepStats stats,
        float driftA, float driftB, boolean nonFinite) {

    public static final String CSV_HEADER = "step,seconds,resolution,alpha,d_loss,a_class,a_embed,a_colour,"
            + "b_class,b_embed,b_colour,grad_norm_a,grad_norm_b,grad_norm_d,d_sign_a,d_sign_b,"
            + "variance_a,variance_b,embed_distance,drift_a,drift_b,non_finite,rms_a,rms_b";

    public String toCsv() {
        StepStats s = stats;
        return String.format(Locale.ROOT, "%d,%.3f,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s,%s",
                step, seconds, resolution, f(alpha), f(s.dLoss()), f(s.aClass()), f(s.aEmbed()), f(s.aColour()),
                f(s.bClass()), f(s.bEmbed()), f(s.bColour()), f(s.gradNormA()), f(s.gradNormB()),
                f(s.gradNormD()), f(s.dSignA()), f(s.dSignB()), f(s.varianceA()), f(s.varianceB()),
                f(s.embedDistance()), f(driftA), f(driftB), nonFinite ? 1 : 0, f(s.rmsA()), f(s.rmsB()));
    }

    /** Shortest text that reads back as the same float. */
    private static String f(float v) {
        return Float.toString(v);
    }
}
