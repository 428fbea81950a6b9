package io.equilibria.evolve;

import ai.djl.Device;
import io.equilibria.archive.Archive;
import io.equilibria.archive.Entry;
import io.equilibria.archive.SearchRun;
import io.equilibria.config.ConfigException;
import io.equilibria.config.Genome;
import io.equilibria.training.Devices;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code equilibria evolve}: the search. */
@Command(name = "evolve", mixinStandardHelpOptions = true,
        description = {"Search for ensembles in equilibrium: train each individual briefly, judge its stability",
            "and novelty, store everything in the archive. Ctrl-C stops after saving; the same command continues."})
final class EvolveCommand implements Callable<Integer> {
    /** The run a search is stored as when no --run is given. */
    static final String DEFAULT_RUN = "search";

    @Mixin
    ArchiveOption archive;

    @Option(names = "--config", paramLabel = "FILE", description = "Search configuration JSON (options override it).")
    Path configFile;

    @Option(names = "--preset", paramLabel = "NAME", description = "tiny, cpu (default), bench64 or gpu: run settings and gene bounds.")
    String preset;

    @Option(names = "--population", paramLabel = "N", description = "Individuals per generation.")
    Integer population;

    @Option(names = "--generations", paramLabel = "G", description = "Generations to run (a finished run continues to G).")
    Integer generations;

    @Option(names = "--budget-steps", paramLabel = "N", description = "Training steps per individual.")
    Integer budgetSteps;

    @Option(names = "--budget-seconds", paramLabel = "S", description = "Training seconds per individual.")
    Double budgetSeconds;

    @Option(names = "--objective", paramLabel = "O", description = "nsga2 (Pareto over stability and novelty) or weighted.")
    String objective;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the search (and of every genome it breeds).")
    Long seed;

    @Option(names = "--device", paramLabel = "D", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--run", paramLabel = "NAME", defaultValue = DEFAULT_RUN,
            description = "The run's name in the archive (default: ${DEFAULT-VALUE}); an existing run continues.")
    String run;

    @Option(names = "--resume", paramLabel = "NAME", description = "Continue this run (it must exist).")
    String resume;

    @Override
    public Integer call() {
        String name = resume != null ? resume : run;
        Device dev = Devices.parse(device);
        try (StopSignal stop = new StopSignal("the search is saving its state");
                Archive store = Archive.open(archive.path)) {
            SearchRun saved = store.run(name).orElse(null);
            if (resume != null && saved == null) {
                throw new ConfigException("--resume", "no run \"" + name + "\" in " + store.file());
            }
            SearchConfig config = saved == null ? configure() : resumed(saved);
            if (saved != null && saved.generation() >= config.generations()) {
                System.out.printf(Locale.ROOT, "run %s has finished its %d generations (--generations N continues it,"
                        + " --run NAME starts another)%n", name, saved.generation());
                return 0;
            }
            long capacity = MemoryEstimate.capacity(dev);
            int resolution = config.run().resolution();
            try (Evaluator evaluator = new LocalEvaluator(dev)) {
                return search(store, name, config, evaluator,
                        g -> MemoryEstimate.bytes(g, resolution) <= capacity, stop, saved);
            }
        }
    }

    private int search(Archive store, String name, SearchConfig config, Evaluator evaluator,
            java.util.function.Predicate<Genome> fits, StopSignal stop, SearchRun saved) {
        int offspring = (int) Math.round(config.population() * 0.6);
        long expected = config.population() + (long) config.generations() * offspring;
        long[] done = {0};
        String[] best = {"-"};
        double[] bests = {0, 0};
        try (Progress progress = Progress.create("evolve", expected, "individuals", 0)) {
            progress.println(String.format(Locale.ROOT, "%s run %s in %s: population %d, %d generations, %s per"
                            + " individual at %dpx on %s, %s", saved == null ? "starting" : "continuing", name,
                    store.file(), config.population(), config.generations(), config.budgetSteps() > 0
                            ? config.budgetSteps() + " steps" : config.budgetSeconds() + " s",
                    config.run().resolution(), evaluator.device(), config.objective()));
            Search.Listener listener = new Search.Listener() {
                @Override
                public void individualStarted(int generation, String id, Genome genome) {
                    progress.update(done[0], status(generation, config, evaluator, id, best[0], null));
                }

                @Override
                public void individualDone(int generation, Entry entry, boolean reused, Map<String, Integer> counts) {
                    done[0]++;
                    if (entry.stability() != null) {
                        bests[0] = Math.max(bests[0], entry.stability().value());
                        bests[1] = Math.max(bests[1], entry.novelty() == null ? 0 : entry.novelty().value());
                        best[0] = String.format(Locale.ROOT, "best stability %.2f novelty %.2f", bests[0], bests[1]);
                    }
                    progress.update(Math.min(done[0], expected), status(generation, config, evaluator, entry.id(),
                            best[0], counts));
                }

                @Override
                public void generationDone(Search.Summary s) {
                    progress.println(String.format(Locale.ROOT, "generation %d/%d: %d members, %d trained, alive %s,"
                                    + " best stability %.3f, best novelty %.3f, novelty archive %d, %s", s.generation(),
                            s.generations(), s.members(), s.trained(), s.trained() == 0 ? "-"
                                    : String.format(Locale.ROOT, "%d/%d (%.0f%%)", s.alive(), s.trained(), 100 * s.yield()),
                            s.bestStability(), s.bestNovelty(), s.noveltyArchive(), duration(s.seconds())));
                }
            };
            Search search = new Search(store, name, config, evaluator, fits, listener);
            Search.End end = search.run(stop::requested);
            progress.update(end == Search.End.COMPLETED ? expected : Math.min(done[0], expected), "");
            progress.close();
            System.out.println(end == Search.End.COMPLETED
                    ? String.format(Locale.ROOT, "run %s completed %d generations in %s", name, search.generation(),
                            store.file())
                    : String.format(Locale.ROOT, "run %s stopped after generation %d, state saved; run the same command"
                            + " again to continue", name, search.generation()));
            System.out.println(yieldLine(search));
        }
        return 0;
    }

    private static String status(int generation, SearchConfig config, Evaluator evaluator, String id, String last,
            Map<String, Integer> counts) {
        String tally = counts == null ? "" : " | " + counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" "));
        return String.format(Locale.ROOT, "gen %d/%d | %s on %s | %s%s", generation, config.generations(),
                id.substring(0, 8), evaluator.device(), last, tally);
    }

    /** The yield: the fraction of trained individuals judged alive, overall and by generation. */
    static String yieldLine(Search search) {
        Map<String, Integer> counts = search.counts();
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int alive = counts.getOrDefault("alive", 0);
        String byGeneration = search.yields().stream()
                .map(v -> Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v))
                .collect(Collectors.joining(" "));
        return String.format(Locale.ROOT, "yield: %d of %d evaluated alive (%.0f%%); by generation: %s; verdicts: %s",
                alive, total, total == 0 ? 0 : 100.0 * alive / total, byGeneration.isEmpty() ? "-" : byGeneration,
                counts);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    /** A new run's configuration: the preset's defaults, then the config file, then the options. */
    private SearchConfig configure() {
        SearchConfig config = SearchConfig.defaults(preset == null ? "cpu" : preset);
        if (configFile != null) {
            config = SearchConfig.read(configFile, config);
        }
        return override(config);
    }

    /** A resumed run keeps its configuration; only --generations may extend it. */
    private SearchConfig resumed(SearchRun saved) {
        SearchConfig stored = SearchConfig.fromJson(saved.config());
        SearchConfig asked = override(stored);
        if (configFile != null || (preset != null && !preset.equals(stored.preset()))
                || !asked.equals(new SearchConfig(stored.preset(), stored.population(), asked.generations(),
                        stored.budgetSteps(), stored.budgetSeconds(), stored.objective(), stored.stabilityWeight(),
                        stored.noveltyWeight(), stored.neighbours(), stored.seed()))) {
            throw new ConfigException("--run", "run \"" + saved.name() + "\" exists with another configuration ("
                    + stored + "); a run continues as it started (only --generations may grow): give --run NEW for"
                    + " another search");
        }
        return asked;
    }

    private SearchConfig override(SearchConfig c) {
        int steps = c.budgetSteps();
        double seconds = c.budgetSeconds();
        if (budgetSteps != null) {
            steps = budgetSteps;
            seconds = 0;
        } else if (budgetSeconds != null) {
            steps = 0;
            seconds = budgetSeconds;
        }
        try {
            return new SearchConfig(c.preset(), population != null ? population : c.population(),
                    generations != null ? generations : c.generations(), steps, seconds,
                    objective != null ? objective : c.objective(), c.stabilityWeight(), c.noveltyWeight(),
                    c.neighbours(), seed != null ? seed : c.seed());
        } catch (ConfigException e) {
            String option = "--" + e.field().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
            throw new ConfigException(option, e.reason());
        }
    }
}
