package io.equilibria.archive;

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
        double driftA, double driftB, double embedDistance) {}
