package io.equilibria.evolve.cli;

import io.equilibria.config.ConfigException;
import picocli.CommandLine.Option;

/** How worker processes run: the options {@code worker} and {@code evolve --devices} share. */
public final class WorkerOptions {
    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "CPU threads per worker (default: the cores shared among the workers).")
    int threads;

    @Option(names = "--recycle-after", paramLabel = "N", defaultValue = "200",
            description = "A worker starts a fresh process after this many individuals (default: ${DEFAULT-VALUE}).")
    int recycleAfter;

    @Option(names = "--max-rss", paramLabel = "MB", defaultValue = "0",
            description = "... or when its resident memory passes this many MB (default: no bound).")
    double maxRss;

    void validate() {
        if (recycleAfter < 1) {
            throw new ConfigException("--recycle-after", "must be at least 1, not " + recycleAfter);
        }
        if (maxRss < 0 || Double.isNaN(maxRss)) {
            throw new ConfigException("--max-rss", "must be 0 (no bound) or a number of MB, not " + maxRss);
        }
        if (threads < 0) {
            throw new ConfigException("--threads", "must be 0 (the cores shared) or more, not " + threads);
        }
    }
}
