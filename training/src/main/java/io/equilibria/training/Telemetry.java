package io.equilibria.training;

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

    /** This row as a CSV line in {@link TelemetryColumn} order. */
    public String toCsv() {
        return TelemetryColumn.line(this);
    }
}
