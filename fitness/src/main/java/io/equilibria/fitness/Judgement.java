package io.equilibria.fitness;

/**
 * A stability judgement: a continuous score in [0, 1] (above 0.5 exactly when alive), the verdict
 * and the reason, in words that point at the telemetry.
 */
public record Judgement(double score, Verdict verdict, String reason) {}
