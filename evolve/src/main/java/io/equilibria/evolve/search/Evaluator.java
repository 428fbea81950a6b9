package io.equilibria.evolve.search;

import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import io.equilibria.fitness.Evaluation;
import java.util.function.BooleanSupplier;

/**
 * Trains individuals for a search: in the search's process on one device ({@link LocalEvaluator}),
 * or on worker processes and servers ({@link io.equilibria.evolve.cluster.Coordinator}).
 */
public interface Evaluator extends AutoCloseable {

    /** Where individuals train, for the progress display ("cpu", "3 workers"). */
    String device();

    /**
     * How many individuals the search may hand over at once ({@link #evaluate} is then called from
     * that many threads); 1 for an evaluator that trains one at a time in the caller's thread.
     */
    default int concurrency() {
        return 1;
    }

    /**
     * Trains {@code genome} for {@code run}'s budget and judges it. Stops early (outcome {@code
     * stopped}) when {@code stop} turns true or when the training explodes; throws {@link Failed}
     * when it cannot run at all (out of memory, a native error, no worker could finish it).
     */
    Evaluation evaluate(Genome genome, RunConfig run, BooleanSupplier stop);

    @Override
    void close();

    /** An individual that could not be trained, with the reason in words (the archive keeps it). */
    final class Failed extends RuntimeException {
        /** @param reason why, in one line: stored as the entry's status reason */
        public Failed(String reason) {
            super(reason);
        }
    }
}
