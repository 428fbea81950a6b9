package io.equilibria.evolve.cli;

import ai.djl.Device;
import io.equilibria.archive.Entry;
import io.equilibria.archive.SearchRun;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.ConfigException;
import io.equilibria.config.Genome;
import io.equilibria.evolve.cluster.Build;
import io.equilibria.evolve.cluster.Coordinator;
import io.equilibria.evolve.cluster.Nodes;
import io.equilibria.evolve.cluster.Secret;
import io.equilibria.evolve.cluster.Supervisor;
import io.equilibria.evolve.run.Progress;
import io.equilibria.evolve.run.StopSignal;
import io.equilibria.evolve.search.CpuConcurrency;
import io.equilibria.evolve.search.Evaluator;
import io.equilibria.evolve.search.LocalEvaluator;
import io.equilibria.evolve.search.MemoryEstimate;
import io.equilibria.evolve.search.Search;
import io.equilibria.evolve.search.SearchConfig;
import io.equilibria.training.Devices;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code equilibria evolve}: the search. */
@Command(name = "evolve", mixinStandardHelpOptions = true,
        description = {"Search for ensembles in equilibrium: train each individual briefly,",
            "judge its stability and novelty, store everything in the archive.",
            "Ctrl-C stops after saving; the same command continues."})
public final class EvolveCommand implements Callable<Integer> {
    /** The run a search is stored as when no --run is given. */
    static final String DEFAULT_RUN = "search";

    @Mixin
    ArchiveOption archive;

    @Option(names = "--config", paramLabel = "FILE", description = "Search configuration JSON (options override it).")
    Path configFile;

    @Option(names = "--preset", paramLabel = "NAME", description = "tiny, cpu (default), series1, bench64 or gpu: run settings and gene bounds.")
    String preset;

    @Option(names = "--population", paramLabel = "N", description = "Individuals per generation.")
    Integer population;

    @Option(names = "--generations", paramLabel = "G", description = "Generations to run (a finished run continues to G).")
    Integer generations;

    @Option(names = "--budget-steps", paramLabel = "N", description = "Training steps per individual.")
    Integer budgetSteps;

    @Option(names = "--budget-seconds", paramLabel = "S", description = "Training seconds per individual.")
    Double budgetSeconds;

    @Option(names = "--objective", paramLabel = "O", description = {"steered (default: NSGA-II over stability, novelty and,",
        "once you rate finds, their predicted preference), nsga2 (stability and novelty only) or weighted."})
    String objective;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the search (and of every genome it breeds).")
    Long seed;

    @Option(names = "--device", paramLabel = "D", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--devices", paramLabel = "LIST", split = ",",
            description = "Train on these devices at once, one worker process each: cpu,cpu or gpu:0,gpu:1,..., or"
                    + " gpu:0x4 for four workers sharing gpu:0 (each gets a quarter of its memory)"
                    + " (a crash or out-of-memory costs only that worker).")
    List<String> devices;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "0",
            description = "On a CPU, train N individuals at once in this process, the cores shared among them"
                    + " (default 0: as many as pays, measured once per archive).")
    int concurrency;

    @Option(names = "--cluster", description = "Hand individuals to workers on other servers (equilibria worker --join).")
    boolean cluster;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:5701",
            description = "With --cluster: where workers join (default: ${DEFAULT-VALUE}; use a private network's address).")
    String listen;

    @Option(names = "--secret", paramLabel = "TEXT", description = "With --cluster: the secret workers must share (else $"
            + io.equilibria.evolve.cluster.Secret.ENV + ", else one made once and kept in ARCHIVE.secret).")
    String secret;

    @Option(names = "--attempts", paramLabel = "N", defaultValue = "3",
            description = "Trainings of one individual at most when workers die or hang (default: ${DEFAULT-VALUE}).")
    int attempts;

    @Option(names = "--task-deadline", paramLabel = "S", defaultValue = "0",
            description = "Seconds after which a worker's task goes elsewhere (default: 10x the longest so far, at least 600).")
    double taskDeadline;

    @Mixin
    WorkerOptions options;

    @Option(names = "--keep-checkpoints", description = "Store every individual's trained checkpoint in the archive"
            + " (workers send theirs back): render any find at once, at the cost of disk.")
    boolean keepCheckpoints;

    @Option(names = "--run", paramLabel = "NAME", defaultValue = DEFAULT_RUN,
            description = "The run's name in the archive (default: ${DEFAULT-VALUE}); an existing run continues.")
    String run;

    @Option(names = "--resume", paramLabel = "NAME", description = "Continue this run (it must exist).")
    String resume;

    @Option(names = "--from", paramLabel = "ID,ID", split = ",",
            description = {"Breed a new run (--run NAME) from these finds: its first population is their genomes and",
                "their mutants, their children's lineage goes back to them (in any run). Without --seed, the",
                "search's seed is the first one's."})
    List<String> from;

    @Override
    public Integer call() {
        String name = resume != null ? resume : run;
        Device dev = Devices.parse(device);
        // Bad cluster options are refused before the archive is opened.
        if (devices != null) {
            devices = WorkerCommand.expandDevices(devices);
        }
        java.net.InetSocketAddress listening = cluster ? Nodes.address(listen, 5701, "--listen") : null;
        if (cluster) {
            if (secret != null) {
                WorkerCommand.secret(secret, "--secret");
            }
        }
        if (concurrency < 0) {
            throw new ConfigException("--concurrency", "must be 0 (measured) or at least 1, not " + concurrency);
        }
        if (concurrency > 0 && (devices != null || cluster || dev.isGpu())) {
            throw new ConfigException("--concurrency", "applies to a search training on this process's CPU;"
                    + " with --devices or --cluster each worker trains one individual at a time");
        }
        if (devices != null || cluster) {
            options.validate();
            if (attempts < 1) {
                throw new ConfigException("--attempts", "must be at least 1, not " + attempts);
            }
        }
        // Every option is checked before the archive is opened (opening creates and locks it): a value
        // that no run could take (--population 0, a bad --config) is refused with nothing created.
        configure();
        if (from != null && !from.isEmpty() && !java.nio.file.Files.exists(archive.path)) {
            throw new ConfigException("--from", "no archive " + archive.path + ": there is nothing to breed from");
        }
        try (StopSignal stop = new StopSignal("the search is saving its state");
                Archive store = Archive.open(archive.path)) {
            SearchRun saved = store.run(name).orElse(null);
            if (resume != null && saved == null) {
                throw new ConfigException("--resume", "no run \"" + name + "\" in " + store.file());
            }
            chosen = chosen(store, saved);
            if (!chosen.isEmpty() && seed == null) {
                seed = chosen.getFirst().genome().seed(); // so that the first chosen genome encodes to itself
            }
            SearchConfig config = saved == null ? configure() : resumed(saved);
            if (saved != null && saved.generation() >= config.generations()) {
                System.out.printf(Locale.ROOT, "run %s has finished its %d generations (--generations N continues it,"
                        + " --run NAME starts another)%n", name, saved.generation());
                return 0;
            }
            int resolution = config.run().resolution();
            if (devices == null && !cluster) {
                CpuConcurrency.Choice choice = dev.isGpu() ? null : concurrency > 0
                        ? CpuConcurrency.fixed(concurrency, CpuConcurrency.cores())
                        : CpuConcurrency.forArchive(store.file(), config.preset(), config.run(), System.out::println);
                if (choice != null) {
                    System.out.println("cpu: " + choice.describe() + (concurrency > 0 ? " (--concurrency)"
                            : "; --concurrency N overrides"));
                }
                // Trainings side by side share the machine's memory.
                var fits = fitting(MemoryEstimate.capacity(dev) / (choice == null ? 1 : choice.atOnce()), resolution);
                try (Evaluator evaluator = choice == null ? new LocalEvaluator(dev, Devices.name(dev), keepCheckpoints)
                        : LocalEvaluator.onCpu(choice, keepCheckpoints)) {
                    return search(store, name, config, evaluator, fits, stop::requested, saved, null);
                }
            }
            var fits = fitting(devices == null ? MemoryEstimate.capacity(dev) : MemoryEstimate.perWorker(devices),
                    resolution);
            return distributed(store, name, config, fits, stop, saved, listening);
        }
    }

    /**
     * A search whose individuals train on worker processes: local ones (--devices) joining on
     * loopback, and with --cluster any that join from other servers.
     */
    private int distributed(Archive store, String name, SearchConfig config, java.util.function.Predicate<Genome> fits,
            StopSignal stop, SearchRun saved, java.net.InetSocketAddress listening) {
        Secret shared = cluster ? clusterSecret(store.file()) : Secret.random();
        String bind = cluster ? listening.getHostString() : "127.0.0.1";
        int port = cluster ? listening.getPort() : Nodes.freeLoopbackPort();
        Path status = io.equilibria.archive.WorkersStatus.fileOf(store.file());
        Relay relay = new Relay();
        try (Coordinator coordinator = Coordinator.start(new Coordinator.Settings(shared, Build.version(), bind, port,
                keepCheckpoints, attempts, taskDeadline, status), relay);
                // With --cluster, local workers listen where remote members can reach them (every member
                // connects to every other): the coordinator's own address, not loopback.
                Supervisor local = devices == null ? null : new Supervisor(new Supervisor.Settings(devices, "local",
                        cluster ? coordinator.listening() : "127.0.0.1:" + coordinator.port(),
                        cluster ? coordinator.host() : "127.0.0.1", port + 1, shared, options.threads,
                        options.recycleAfter, options.maxRss,
                        Path.of(store.file() + ".work", "workers")), relay).start()) {
            if (cluster) {
                relay.accept("coordinator listening on " + coordinator.listening() + " (equilibria " + Build.version()
                        + "); on each worker server: " + Secret.ENV + "=... equilibria worker --join "
                        + coordinator.listening() + (secret == null && System.getenv(Secret.ENV) == null
                        ? " (the secret is in " + secretFile(store.file()) + ")" : ""));
            }
            BooleanSupplier halt = () -> stop.requested() || (local != null && local.fatal().isPresent());
            int code = search(store, name, config, coordinator, fits, halt, saved, relay);
            if (local != null && local.fatal().isPresent()) {
                System.err.println("equilibria: " + local.fatal().get());
                return ExitCodes.FAILURE;
            }
            return code;
        }
    }

    /** Lines from the coordinator and the workers: held until the progress display can print them. */
    private static final class Relay implements java.util.function.Consumer<String> {
        private final List<String> pending = new java.util.ArrayList<>();
        private java.util.function.Consumer<String> target;

        @Override
        public synchronized void accept(String line) {
            if (target == null) {
                pending.add(line);
            } else {
                target.accept(line);
            }
        }

        synchronized void attach(java.util.function.Consumer<String> to) {
            pending.forEach(to);
            pending.clear();
            target = to;
        }
    }

    private Secret clusterSecret(Path archive) {
        if (secret != null || System.getenv(Secret.ENV) != null) {
            return WorkerCommand.secret(secret, "--secret");
        }
        Path file = secretFile(archive);
        try {
            if (!java.nio.file.Files.exists(file)) {
                Secret made = Secret.random();
                Path tmp = Path.of(file + ".tmp");
                java.nio.file.Files.deleteIfExists(tmp);
                java.nio.file.Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                java.nio.file.Files.writeString(tmp, made.text() + "\n");
                java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new Secret(java.nio.file.Files.readString(file).strip());
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new ConfigException(file.toString(), "cannot read or make the cluster's secret: " + e.getMessage());
        }
    }

    private static Path secretFile(Path archive) {
        return Path.of(archive + ".secret");
    }

    private int search(Archive store, String name, SearchConfig config, Evaluator evaluator,
            java.util.function.Predicate<Genome> fits, BooleanSupplier stop, SearchRun saved,
            Relay log) {
        int offspring = Search.offspring(config.population());
        long expected = config.population() + (long) config.generations() * offspring;
        try (Progress progress = Progress.create("evolve", expected, "individuals", 0)) {
            progress.println(String.format(Locale.ROOT, "%s run %s in %s: population %d, %d generations, %s per"
                            + " individual at %dpx on %s, %s", saved == null ? "starting" : "continuing", name,
                    store.file(), config.population(), config.generations(), config.run().budget(),
                    config.run().resolution(), evaluator.device(), config.objective()));
            if (log != null) {
                log.attach(progress::println); // workers joining and leaving, above the progress bar
            }
            Search.Listener listener = new SearchProgress(progress, config, evaluator::device, expected);
            Search search = new Search(store, name, config, evaluator, fits, listener);
            search.breedFrom(chosen);
            Search.End end = search.run(stop);
            progress.update(end == Search.End.COMPLETED ? expected : Math.min(((SearchProgress) listener).done(), expected), "");
            progress.close();
            if (log != null) {
                log.attach(System.out::println);
            }
            System.out.println(end == Search.End.COMPLETED
                    ? String.format(Locale.ROOT, "run %s completed %d generations in %s", name, search.generation(),
                            store.file())
                    : String.format(Locale.ROOT, "run %s stopped after generation %d, state saved; run the same command"
                            + " again to continue", name, search.generation()));
            System.out.println(SearchProgress.yieldLine(search));
        }
        return 0;
    }




    /** A new run's configuration: the preset's defaults, then the config file, then the options. */
    private List<Entry> chosen = List.of();

    /** The entries --from names, checked: each one known and evaluated, and the run a new one. */
    private List<Entry> chosen(Archive store, SearchRun saved) {
        if (from == null || from.isEmpty()) {
            return List.of();
        }
        if (saved != null) {
            throw new ConfigException("--from", "run \"" + saved.name() + "\" exists: --from starts a new run; give"
                    + " --run NEW");
        }
        List<Entry> entries = new java.util.ArrayList<>();
        for (String id : from) {
            Entry e;
            try {
                e = store.resolve(id.trim());
            } catch (io.equilibria.archive.ArchiveException unknown) {
                throw new ConfigException("--from", unknown.getMessage());
            }
            if (!e.breedable()) {
                throw new ConfigException("--from", "entry " + e.id() + " is pending: it has not been trained yet");
            }
            entries.add(e);
        }
        return List.copyOf(entries);
    }

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

    /** The search's memory constraint: genomes whose estimate fits {@code capacity} bytes. */
    private static java.util.function.Predicate<Genome> fitting(long capacity, int resolution) {
        return g -> MemoryEstimate.bytes(g, resolution) <= capacity;
    }
}
