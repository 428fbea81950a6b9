package io.equilibria.fitness;

/**
 * A score with the judgement behind it.
 *
 * @param value the score (stability in [0, 1]; novelty a distance in descriptor space)
 * @param verdict a one-word judgement (for stability: alive, exploded, collapsed, static, noise)
 * @param reason why, in words a user can check against the telemetry
 */
public record Score(double value, String verdict, String reason) {}
