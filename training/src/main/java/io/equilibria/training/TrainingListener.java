package io.equilibria.training;

/** Receives a training's progress. Called on the training thread; keep it quick. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {};

    /** After every step. */
    default void onStep(long step, StepStats stats, Phase phase) {}

    /** After every telemetry row. */
    default void onTelemetry(Telemetry row) {}

    /** Every {@code sampleEvery} steps, with the fixed-probe outputs at the run's resolution. */
    default void onSample(long step, ProbeImages samples) {}
}
