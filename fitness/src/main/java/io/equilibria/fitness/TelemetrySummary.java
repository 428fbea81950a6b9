package io.equilibria.fitness;

import io.equilibria.training.StepStats;
import io.equilibria.training.Telemetry;
import io.equilibria.training.TrainingResult;
import java.util.List;
import java.util.Locale;

/**
 * A few numbers from a training trace, enough to list and compare entries without reading the full
 * telemetry (which is kept as a CSV blob).
 *
 * @param outcome how the training ended: completed, non_finite or stopped
 * @param reason why it ended early, or empty
 * @param steps steps trained
 * @param seconds wall-clock seconds of training
 * @param rows telemetry rows in the trace
 * @param dLoss D's loss at the last row
 * @param maxGradNormA largest gradient norm of A over the trace (likewise B and D)
 * @param varianceA colour variance of A's batch at the last row (likewise B)
 * @param driftA mean fixed-probe drift of A over the last quarter of the trace (likewise B)
 * @param embedDistance the mean over the batch's pairs of the L2 distance between A's and B's D-embeddings of
 *     the same z, at the last telemetry row
 */
public record TelemetrySummary(String outcome, String reason, long steps, double seconds, int rows, double dLoss,
        double maxGradNormA, double maxGradNormB, double maxGradNormD, double varianceA, double varianceB,
        double driftA, double driftB, double embedDistance) {

    /**
     * The summary of a training's trace: its last row, the largest gradient norms, and the drift
     * averaged over {@link Stability#windowDrift the window the verdict judged}. NaN where the trace
     * is empty.
     */
    public static TelemetrySummary of(TrainingResult r) {
        List<Telemetry> trace = r.trace();
        String outcome = r.outcome().name().toLowerCase(Locale.ROOT);
        if (trace.isEmpty()) {
            return new TelemetrySummary(outcome, r.reason(), r.steps(), r.seconds(), 0, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double maxA = 0;
        double maxB = 0;
        double maxD = 0;
        for (Telemetry t : trace) {
            maxA = Math.max(maxA, t.stats().gradNormA());
            maxB = Math.max(maxB, t.stats().gradNormB());
            maxD = Math.max(maxD, t.stats().gradNormD());
        }
        double[] drift = Stability.windowDrift(trace);
        StepStats last = trace.getLast().stats();
        return new TelemetrySummary(outcome, r.reason(), r.steps(), r.seconds(), trace.size(), last.dLoss(), maxA,
                maxB, maxD, last.varianceA(), last.varianceB(), drift[0], drift[1], last.embedDistance());
    }
}
