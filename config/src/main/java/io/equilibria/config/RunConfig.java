package io.equilibria.config;

import io.equilibria.config.Domain.IntRange;
import io.equilibria.config.Domain.IntSet;
import io.equilibria.config.Domain.RealRange;
import io.equilibria.config.Domain.Scale;
import java.util.List;

/**
 * How one training run is carried out, independent of the genome: output resolution, budget and
 * how often telemetry and sample sheets are taken.
 *
 * @param resolution output size in pixels (square, a power of two)
 * @param steps budget in training steps, or 0 when the budget is in seconds
 * @param seconds budget in wall-clock seconds, or 0 when the budget is in steps
 * @param telemetryEvery steps between telemetry rows (fixed-probe drift is measured at these)
 * @param sampleEvery steps between sample sheets, or 0 for a sheet at the end only
 * @param probes number of fixed probe latents in sheets and telemetry
 */
public record RunConfig(int resolution, int steps, double seconds, int telemetryEvery, int sampleEvery,
        int probes) {

    /** The table of run settings, read by the JSON reader like the genome's. */
    public static final SearchSpace.Scope FIELDS = SearchSpace.Scope.of("run", List.of(
            new Gene("resolution", IntSet.of(8, 16, 32, 64, 128, 256, 512, 1024), 32,
                    "Output resolution in pixels."),
            new Gene("steps", new IntRange(0, 100_000_000, Scale.LINEAR), 300,
                    "Budget in training steps (0: budget in seconds)."),
            new Gene("seconds", new RealRange(0, 1e8, Scale.LINEAR), 0.0,
                    "Budget in seconds (0: budget in steps)."),
            new Gene("telemetryEvery", new IntRange(1, 1_000_000, Scale.LINEAR), 10,
                    "Steps between telemetry rows."),
            new Gene("sampleEvery", new IntRange(0, 100_000_000, Scale.LINEAR), 100,
                    "Steps between sample sheets (0: only at the end)."),
            new Gene("probes", new IntRange(1, 64, Scale.LINEAR), 8,
                    "Fixed probe latents shown in sheets and used for drift.")));

    public RunConfig {
        FIELDS.check("resolution", resolution);
        FIELDS.check("steps", steps);
        FIELDS.check("seconds", seconds);
        FIELDS.check("telemetryEvery", telemetryEvery);
        FIELDS.check("sampleEvery", sampleEvery);
        FIELDS.check("probes", probes);
        Budget.of(steps, seconds); // exactly one of them
    }

    /** Whether the budget is counted in steps (deterministic) rather than seconds. */
    public boolean budgetInSteps() {
        return budget() instanceof Budget.Steps;
    }

    /** The budget, steps or seconds. */
    public Budget budget() {
        return Budget.of(steps, seconds);
    }

    /** The same run with another budget. */
    public RunConfig with(Budget budget) {
        return switch (budget) {
            case Budget.Steps s -> withSteps(s.steps());
            case Budget.Seconds s -> withSeconds(s.seconds());
        };
    }

    /** The same run with a budget of {@code newSteps} steps (at least 1; the seconds budget dropped). */
    public RunConfig withSteps(int newSteps) {
        return new RunConfig(resolution, newSteps, 0, telemetryEvery, sampleEvery, probes);
    }

    /** The same run with a budget of {@code newSeconds} wall-clock seconds (more than 0; the steps dropped). */
    public RunConfig withSeconds(double newSeconds) {
        return new RunConfig(resolution, 0, newSeconds, telemetryEvery, sampleEvery, probes);
    }

    /** The same run at {@code newResolution} pixels (a power of two from 8 to 1024; else {@link ConfigException}). */
    public RunConfig withResolution(int newResolution) {
        return new RunConfig(newResolution, steps, seconds, telemetryEvery, sampleEvery, probes);
    }

    /** The same run with telemetry every {@code newTelemetryEvery} steps (at least 1) and sheets every {@code newSampleEvery} (0: at the end only). */
    public RunConfig withIntervals(int newTelemetryEvery, int newSampleEvery) {
        return new RunConfig(resolution, steps, seconds, newTelemetryEvery, newSampleEvery, probes);
    }
}
