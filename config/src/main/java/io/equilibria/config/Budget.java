package io.equilibria.config;

import java.util.Locale;

/**
 * How long a training runs: a number of steps (deterministic: the same genome and seed give the
 * same trace on a CPU) or of wall-clock seconds (as far as the machine gets). Stored in a
 * {@link RunConfig} as its {@code steps} and {@code seconds} fields, one of them 0.
 */
public sealed interface Budget {

    /**
     * A budget of {@code steps} training steps.
     *
     * @param steps at least 1
     */
    record Steps(int steps) implements Budget {
        public Steps {
            if (steps < 1) {
                throw new ConfigException("steps", "must be at least 1");
            }
        }

        @Override
        public boolean spent(long step, double seconds) {
            return step >= steps;
        }

        @Override
        public double fraction(long step, double seconds) {
            return (double) step / steps;
        }

        @Override
        public long stepsOr(long trained) {
            return steps;
        }

        @Override
        public String toString() {
            return steps + " steps";
        }
    }

    /**
     * A budget of {@code seconds} of wall-clock training time.
     *
     * @param seconds more than 0
     */
    record Seconds(double seconds) implements Budget {
        public Seconds {
            if (!(seconds > 0) || !Double.isFinite(seconds)) {
                throw new ConfigException("seconds", "must be more than 0");
            }
        }

        @Override
        public boolean spent(long step, double elapsed) {
            return elapsed >= seconds;
        }

        @Override
        public double fraction(long step, double elapsed) {
            return elapsed / seconds;
        }

        @Override
        public long stepsOr(long trained) {
            return trained;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s s", seconds);
        }
    }

    /** Whether a training at {@code step}, {@code seconds} into its run, has used this budget up. */
    boolean spent(long step, double seconds);

    /** How much of this budget a training at {@code step}, {@code seconds} in, has used (1: all). */
    double fraction(long step, double seconds);

    /** The steps this budget trains: its own for {@link Steps}, else the {@code trained} steps so far. */
    long stepsOr(long trained);

    /**
     * The budget a run configuration's two fields describe.
     *
     * @throws ConfigException unless exactly one of them is positive
     */
    static Budget of(int steps, double seconds) {
        if ((steps > 0) == (seconds > 0)) {
            throw new ConfigException("steps", "give exactly one budget: steps > 0 or seconds > 0");
        }
        return steps > 0 ? new Steps(steps) : new Seconds(seconds);
    }
}
