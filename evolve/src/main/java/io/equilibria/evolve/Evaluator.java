package io.equilibria.evolve;

import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import io.equilibria.training.TrainingResult;
import java.util.function.BooleanSupplier;

/**
 * Trains one individual for a search. This implementation runs in the search's process on one
 * device ({@link LocalEvaluator}); worker processes and a cluster implement it again.
 */
interface Evaluator extends AutoCloseable {

    /** The device individuals train on, for the progress display. */
    String device();

    /**
     * Trains {@code genome} for {@code run}'s budget. Stops early (outcome {@code stopped}) when
     * {@code stop} turns true or when the training explodes; throws when it cannot run at all (out
     * of memory, a native error).
     */
    TrainingResult evaluate(Genome genome, RunConfig run, BooleanSupplier stop);

    @Override
    void close();
}
