package io.equilibria.evolve.search;

import io.equilibria.archive.store.Archive;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import io.equilibria.fitness.Evaluation;
import io.equilibria.training.Devices;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * A search in a child JVM for tests: {@code ARCHIVE GENERATIONS} runs the tiny search, printing
 * {@code start ID} and {@code done ID} around every training, until it ends or is killed.
 */
public final class SearchProcess {
    public static void main(String[] args) {
        try (Archive archive = Archive.open(Path.of(args[0]));
                Evaluator evaluator = new Counting(new LocalEvaluator(Devices.parse("cpu")), System.out)) {
            SearchConfig config = SearchConfig.defaults("tiny");
            config = new SearchConfig(config.preset(), config.population(), Integer.parseInt(args[1]),
                    config.budgetSteps(), 0, config.objective(), 0.5, 0.5, 15, 1);
            new Search(archive, "search", config, evaluator, g -> true, new Search.Listener() {}).run(() -> false);
        }
        System.out.println("finished");
    }

    /** Reports every training it passes on. */
    record Counting(Evaluator inner, java.io.PrintStream out) implements Evaluator {
        @Override
        public String device() {
            return inner.device();
        }

        @Override
        public Evaluation evaluate(Genome genome, RunConfig run, BooleanSupplier stop) {
            String id = io.equilibria.archive.Entry.idOf(genome, run);
            out.println("start " + id);
            out.flush();
            Evaluation r = inner.evaluate(genome, run, stop);
            out.println("done " + id);
            out.flush();
            return r;
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
