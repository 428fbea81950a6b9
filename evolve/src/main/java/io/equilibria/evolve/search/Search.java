package io.equilibria.evolve.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Member;
import io.equilibria.archive.Preference;
import io.equilibria.archive.Query;
import io.equilibria.archive.Row;
import io.equilibria.archive.RunState;
import io.equilibria.archive.SearchRun;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import io.equilibria.evolve.search.Dispatcher.Event;
import io.equilibria.evolve.search.Dispatcher.Stopped;
import io.equilibria.evolve.search.Dispatcher.Task;
import io.equilibria.fitness.Descriptor;
import io.equilibria.fitness.Evaluation;
import io.equilibria.fitness.Novelty;
import io.equilibria.fitness.Score;
import io.equilibria.fitness.Stability;
import io.equilibria.fitness.Thresholds;
import io.equilibria.training.Outcome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.TournamentSelector;
import io.jenetics.TruncationSelector;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.EvolutionStart;
import io.jenetics.engine.RetryConstraint;
import io.jenetics.ext.moea.NSGA2Selector;
import io.jenetics.ext.moea.Vec;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One search run: a Jenetics engine over {@link GenomeCodec}'s genotypes whose evaluator trains
 * each new individual through an {@link Evaluator}, judges it ({@link Stability}, {@link Descriptor},
 * {@link Novelty}) and commits it to the archive with the run's state, one individual at a time.
 *
 * <p>Resuming: the state committed after every individual holds the population the current
 * generation started from; a generation's random choices come from a generator seeded by the
 * search's seed and the generation, so a resumed generation breeds the same offspring again, and
 * those already in the archive are taken from it instead of being trained again.
 *
 * <p>Why this class is long: Jenetics calls back into it to evaluate each generation, and that
 * callback, the generation loop, the commit of each individual and the run's saved state all read
 * and change one state (population, novelty archive, counts). What stands apart is elsewhere:
 * {@link Dispatcher} (trainings side by side), {@link Scores} (objectives and descriptors),
 * {@link GenomeCodec}, {@link Lineage}, {@link ResultEntry}.
 */
public final class Search {
    /** What a search reports while it works. */
    public interface Listener {
        default void individualStarted(int generation, String id, Genome genome) {}

        default void individualDone(int generation, Entry entry, boolean reused, Map<String, Integer> counts) {}

        default void generationDone(Summary summary) {}

        /** A steered generation is about to be bred by a preference learned from {@code ratings} finds. */
        default void steered(int generation, int ratings) {}
    }

    /** The end of one generation. */
    public record Summary(int generation, int generations, int members, int trained, int alive, double yield,
            double bestStability, double bestNovelty, int noveltyArchive, double seconds) {}

    public enum End { COMPLETED, STOPPED }

    private static final double CROSSOVER = 0.6;
    /** Genes a mutation changes per offspring, on average (at least one). */
    private static final double MUTATION = 2;
    public static final double OFFSPRING_FRACTION = 0.6;

    /** New individuals a generation of {@code population} breeds. */
    public static int offspring(int population) {
        return (int) Math.round(population * OFFSPRING_FRACTION);
    }

    private final Archive archive;
    private final String name;
    private final SearchConfig config;
    private final Evaluator evaluator;
    private final Listener listener;
    private final GenomeCodec codec;
    private final RunConfig run;
    private final Lineage lineage;
    /** The mutation of bred offspring and of a run bred from chosen finds. */
    private final Lineage.Mutator mutator;
    private final Engine<DoubleGene, Vec<double[]>> engine;
    private final Predicate<Genome> fits;
    private final Dispatcher dispatcher;

    private final Scores scores = new Scores();
    private final Map<String, Integer> counts = new TreeMap<>();
    private Novelty.Archive novel = Novelty.Archive.empty();
    private ISeq<Phenotype<DoubleGene, Vec<double[]>>> population = ISeq.empty();
    private int generation;
    private int trainedThisGeneration;
    private final List<String> newThisGeneration = new ArrayList<>();
    private boolean initialPending;
    private int aliveThisGeneration;
    private List<Double> yields = new ArrayList<>();
    private Instant created = Instant.now();
    private BooleanSupplier stop = () -> false;
    /** The entries a run bred from ({@link #breedFrom}), kept in its state; empty for a random start. */
    private List<String> from = List.of();
    /** The artist's preference as the ratings so far predict it (steered searches; null before any rating). */
    private Preference preference;

    public Search(Archive archive, String name, SearchConfig config, Evaluator evaluator, Predicate<Genome> fits,
            Listener listener) {
        this.archive = archive;
        this.name = name;
        this.config = config;
        this.evaluator = evaluator;
        this.listener = listener;
        this.fits = fits;
        this.dispatcher = new Dispatcher(evaluator, config.run(), () -> stop.getAsBoolean());
        this.codec = new GenomeCodec(config.bounds(), config.seed());
        this.run = config.run();
        this.lineage = new Lineage(g -> Entry.idOf(codec.decode(g), run));
        this.mutator = lineage.mutator(MUTATION, codec.genes(run.resolution()));
        // Random genotypes that fit the device: Jenetics checks its constraint on bred individuals
        // only, not on the initial population, so the factory itself samples until one fits. The
        // initial population is a Latin hypercube: every option of every gene is drawn.
        LatinHypercube design = new LatinHypercube(codec.slots().size(), config.population());
        io.jenetics.util.Factory<Genotype<DoubleGene>> factory = () -> {
            for (int i = 0; i < 1000; i++) {
                Genotype<DoubleGene> g = GenomeCodec.genotype(design.next(RandomRegistry.random()));
                if (fits.test(codec.decode(g))) {
                    return g;
                }
            }
            throw new io.equilibria.config.ConfigException("--device", "hardly any genome of the search space fits"
                    + " the device's memory; choose a preset for this device");
        };
        Engine.Builder<DoubleGene, Vec<double[]>> builder = new Engine.Builder<>(this::evaluateAll, factory)
                .populationSize(config.population())
                .offspringFraction(OFFSPRING_FRACTION)
                .alterers(lineage.crossover(CROSSOVER, codec.parts()), mutator)
                .offspringSelector(new TournamentSelector<>(2))
                .constraint(new RetryConstraint<>(p -> fits.test(codec.decode(p.genotype())), factory, 20))
                .executor(Runnable::run); // one thread: the scoped random generator reaches every step
        builder = !config.objective().equals("weighted") ? builder.survivorsSelector(NSGA2Selector.ofVec())
                : builder.survivorsSelector(new TruncationSelector<>());
        this.engine = builder.build();
        restore();
    }

    public int generation() {
        return generation;
    }

    /** The preference model this generation is bred by (null: none yet, or not a steered search). */
    Preference preference() {
        return preference;
    }

    /**
     * Refits the artist's preference from every rating so far (ratings made while the search runs
     * reach it through the archive), and rescores the population by it: the generation about to be
     * bred is selected with it as a third objective.
     */
    private void steer() {
        if (!config.objective().equals("steered")) {
            return;
        }
        preference = Preference.fit(archive, Descriptor.NAMES);
        if (preference != null) {
            listener.steered(generation + 1, preference.size());
        }
        if (!population.isEmpty()) {
            population = population.map(p -> p.isEvaluated() ? p.withFitness(fitness(idOf(p.genotype()))) : p);
        }
    }

    /**
     * Starts this (new) run from chosen finds instead of random genomes, Picbreeder-style: the first
     * population is each chosen genome as this search space encodes it, then mutants of them in
     * turn until the population is full. A copy that encodes to another genome (another seed, a gene
     * outside these bounds) and every mutant has its chosen entry as parent, so lineage crosses runs.
     * Genomes that do not fit the device are left out. Does nothing to a run that already started.
     *
     * @throws io.equilibria.config.ConfigException naming {@code --from} when nothing chosen fits
     */
    public void breedFrom(List<Entry> chosen) {
        if (chosen.isEmpty() || generation > 0 || !population.isEmpty()) {
            return;
        }
        List<Phenotype<DoubleGene, Vec<double[]>>> originals = new ArrayList<>();
        for (Entry e : chosen) {
            Genotype<DoubleGene> g = codec.encode(e.genome());
            if (!fits.test(codec.decode(g))) {
                continue;
            }
            if (!idOf(g).equals(e.id())) {
                lineage.adopt(g, List.of(e.id()));
            }
            originals.add(Phenotype.of(g, 0));
        }
        if (originals.isEmpty()) {
            throw new io.equilibria.config.ConfigException("--from", "none of the chosen genomes fits the device");
        }
        List<Phenotype<DoubleGene, Vec<double[]>>> members = new ArrayList<>(originals);
        RandomRegistry.with(new SplittableRandom(mix(config.seed(), -1))).run(() -> {
            for (int tries = 0; members.size() < config.population() && tries < 100 * config.population(); tries++) {
                var parent = originals.get(tries % originals.size());
                var mutant = mutator.alter(ISeq.of(parent), 0).population().get(0);
                if (fits.test(codec.decode(mutant.genotype()))) {
                    members.add(mutant);
                }
            }
        });
        population = ISeq.of(members.subList(0, Math.min(members.size(), config.population())));
        from = chosen.stream().map(Entry::id).toList();
    }

    public Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    public List<Double> yields() {
        return List.copyOf(yields);
    }

    /** Runs generations until the configured number is reached or {@code stop} turns true. */
    public End run(BooleanSupplier stopRequested) {
        this.stop = stopRequested;
        while (generation < config.generations()) {
            if (stop.getAsBoolean()) {
                return End.STOPPED;
            }
            long started = System.nanoTime();
            trainedThisGeneration = 0;
            aliveThisGeneration = 0;
            newThisGeneration.clear();
            if (generation > 0 || from.isEmpty()) {
                lineage.clear(); // a run bred from chosen finds keeps the parents of its first population
            }
            steer();
            initialPending = population.isEmpty() || (generation == 0 && !from.isEmpty());
            EvolutionStart<DoubleGene, Vec<double[]>> start = population.isEmpty() ? EvolutionStart.empty()
                    : EvolutionStart.of(population, generation + 1);
            EvolutionResult<DoubleGene, Vec<double[]>> result;
            try {
                result = RandomRegistry.with(new SplittableRandom(mix(config.seed(), generation)))
                        .call(() -> engine.evolve(start));
            } catch (Stopped e) {
                return End.STOPPED;
            } catch (CompletionException e) {
                if (e.getCause() instanceof Stopped) {
                    return End.STOPPED;
                }
                throw e;
            }
            generation++;
            double yield = trainedThisGeneration == 0 ? Double.NaN : aliveThisGeneration / (double) trainedThisGeneration;
            yields.add(yield);
            population = rescore(result.population());
            double bestStability = 0;
            double bestNovelty = 0;
            for (var p : population) {
                Scores.Objectives o = scores.of(idOf(p.genotype()));
                bestStability = Math.max(bestStability, o.stability());
                bestNovelty = Math.max(bestNovelty, o.novelty());
            }
            listener.generationDone(new Summary(generation, config.generations(), population.size(),
                    trainedThisGeneration, aliveThisGeneration, yield, bestStability, bestNovelty, novel.ids().size(),
                    (System.nanoTime() - started) / 1e9));
        }
        return End.COMPLETED;
    }

    private static long mix(long seed, int generation) {
        return io.equilibria.training.Rng.mix(seed * 0x9E3779B97F4A7C15L + generation);
    }

    private String idOf(Genotype<DoubleGene> g) {
        return Entry.idOf(codec.decode(g), run);
    }

    // ------------------------------------------------------------------ evaluation

    private ISeq<Phenotype<DoubleGene, Vec<double[]>>> evaluateAll(Seq<Phenotype<DoubleGene, Vec<double[]>>> pop) {
        // Entries are labelled with the generation that bred them: 0 for the random initial population.
        int label = initialPending ? 0 : generation + 1;
        initialPending = false;
        Map<String, Task> tasks = new LinkedHashMap<>(); // duplicate genomes are trained once
        for (var p : pop) {
            if (p.isEvaluated()) {
                continue;
            }
            Genome genome = codec.decode(p.genotype());
            String id = Entry.idOf(genome, run);
            Optional<Entry> known = archive.entry(id);
            if (known.isPresent() && known.get().status() != Status.PENDING) {
                scores.putIfAbsent(id, Scores.Objectives.of(known.get()));
                listener.individualDone(label, known.get(), true, counts());
            } else if (!tasks.containsKey(id)) {
                tasks.put(id, new Task(id, genome, lineage.parentsOf(p.genotype())));
            }
        }
        train(new ArrayList<>(tasks.values()), label);
        List<Phenotype<DoubleGene, Vec<double[]>>> out = new ArrayList<>(pop.size());
        for (var p : pop) {
            out.add(p.isEvaluated() ? p : p.withFitness(fitness(idOf(p.genotype()))));
        }
        return ISeq.of(out);
    }

    /** Commits a training's end: judged and stored, or stored as failed. */
    private void done(Event e, int label) {
        if (e.error() != null) {
            failed(e.task(), label, e.error());
        } else {
            judged(e.task(), label, e.evaluation());
        }
    }

    /**
     * Trains {@code tasks} through the dispatcher; results are judged and committed on this thread,
     * one at a time, in the order they arrive.
     */
    private void train(List<Task> tasks, int label) {
        dispatcher.train(tasks, new Dispatcher.Sink() {
            @Override
            public void started(Task t) {
                listener.individualStarted(label, t.id(), t.genome());
            }

            @Override
            public void done(Event e) {
                Search.this.done(e, label);
            }
        });
    }

    /** Judges a trained individual, scores its novelty and commits it with the run's state. */
    private void judged(Task t, int label, Evaluation result) {
        String id = t.id();
        if (result.outcome() == Outcome.STOPPED && stop.getAsBoolean()) {
            throw new Stopped(); // the user's stop, not an explosion: this individual is not finished
        }
        Map<String, Double> descriptor = result.descriptor();
        double[] vector = Descriptor.vector(descriptor);
        Score stability = result.stability();
        Score noveltyScore;
        double novelty = 0;
        // Novelty is measured among viable individuals only: a broken one is always "novel", and
        // must neither score novelty nor count as anyone's neighbour.
        if (result.alive()) {
            List<double[]> neighbours = neighbours(id);
            List<double[]> reference = scores.descriptors();
            reference.add(vector);
            novelty = Novelty.ofDescriptors(reference).of(vector, neighbours, config.neighbours());
            noveltyScore = noveltyScore(novelty, neighbours.size(), true);
            scores.living(id, vector);
        } else {
            noveltyScore = NOT_VIABLE;
        }
        newThisGeneration.add(id);
        scores.put(id, new Scores.Objectives(stability.value(), novelty));
        counts.merge(stability.verdict(), 1, Integer::sum);
        trainedThisGeneration++;
        if (result.alive()) {
            aliveThisGeneration++;
        }
        Entry entry = archive.write(w -> {
            Entry e = ResultEntry.store(w, result, t.genome(), run, name, label, t.parents(), null, stability,
                    noveltyScore, descriptor);
            w.putRun(snapshot());
            return e;
        });
        listener.individualDone(label, entry, false, counts());
    }

    private void failed(Task t, int label, Throwable e) {
        String reason = e instanceof OutOfMemoryError ? "out of memory: " + e.getMessage()
                : e instanceof Evaluator.Failed ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        String id = t.id();
        Entry entry = Entry.pending(t.genome(), run, name, t.parents(), label).withStatus(Status.FAILED, reason);
        counts.merge("failed", 1, Integer::sum);
        trainedThisGeneration++;
        scores.put(id, Scores.Objectives.NONE);
        archive.write(w -> {
            w.put(entry, null);
            w.putRun(snapshot());
            return null;
        });
        listener.individualDone(label, entry, false, counts());
    }

    /**
     * The individual's objectives: stability up to {@link Thresholds#STABILITY_SUFFICIENT} and
     * novelty (NSGA-II), with the artist's predicted preference as a third once ratings exist
     * ({@code steered}), or their weighted sum (stability uncapped: the weights say how much it counts).
     */
    private Vec<double[]> fitness(String id) {
        Scores.Objectives o = scores.of(id);
        if (config.objective().equals("steered") && preference != null) {
            double[] d = scores.descriptor(id);
            double[] v = selected(o).data();
            return Vec.of(v[0], v[1], d == null ? 0 : preference.predict(d)); // broken: as if rejected
        }
        if (!config.objective().equals("weighted")) {
            return selected(o);
        }
        double novelty = 1 - Math.exp(-o.novelty() / Thresholds.NOVELTY_THRESHOLD_START);
        return Vec.of(config.stabilityWeight() * o.stability() + config.noveltyWeight() * novelty);
    }

    /**
     * What NSGA-II compares of an individual: its stability up to {@link Thresholds#STABILITY_SUFFICIENT}
     * (individuals healthy enough tie on it) and its novelty.
     */
    static Vec<double[]> selected(Scores.Objectives o) {
        return Vec.of(Math.min(o.stability(), Thresholds.STABILITY_SUFFICIENT), o.novelty());
    }

    /** Descriptors of the novelty archive and the current population, without {@code id}'s own. */
    private List<double[]> neighbours(String id) {
        return scores.neighbours(id, novel.ids(), population.map(p -> idOf(p.genotype())));
    }

    /** The novelty of an individual that is not alive: none, and it is nobody's neighbour. */
    static final Score NOT_VIABLE = new Score(0, "", "not viable: novelty is measured among living finds only");

    private Score noveltyScore(double value, int neighbours, boolean provisional) {
        String reason = neighbours == 0 ? "no neighbours yet"
                : String.format(Locale.ROOT, "mean facet-weighted distance to the %d nearest of %d (novelty archive and"
                        + " population)%s", Math.min(config.neighbours(), neighbours), neighbours,
                        provisional ? ", at evaluation" : "");
        return new Score(value, "", reason);
    }

    // ------------------------------------------------------------------ the end of a generation

    /**
     * Recomputes the population's novelty against the novelty archive and the new population (from
     * stored descriptors), lets the novel enter the archive, and commits scores and state together.
     */
    private ISeq<Phenotype<DoubleGene, Vec<double[]>>> rescore(ISeq<Phenotype<DoubleGene, Vec<double[]>>> next) {
        population = next;
        Novelty standard = Novelty.ofDescriptors(scores.descriptors());
        Map<String, Double> novelty = new TreeMap<>();
        Map<String, Integer> neighbourCounts = new HashMap<>();
        List<String> ids = new ArrayList<>(newThisGeneration);
        next.forEach(p -> ids.add(idOf(p.genotype())));
        for (String id : ids) {
            double[] d = scores.descriptor(id);
            if (d != null && !novelty.containsKey(id)) {
                List<double[]> n = neighbours(id);
                novelty.put(id, standard.of(d, n, config.neighbours()));
                neighbourCounts.put(id, n.size());
            }
        }
        // Individuals of this generation that left the population are judged too (they were evaluated
        // against a population that is gone); only members and newcomers may enter the novelty archive.
        novelty.forEach((id, v) -> novel.consider(id, v));
        novel.endGeneration();
        novelty.forEach(scores::setNovelty);
        archive.write(w -> {
            novelty.forEach((id, v) -> w.update(id, e -> e.withScores(e.stability(),
                    noveltyScore(v, neighbourCounts.get(id), false))));
            w.putRun(snapshot());
            return null;
        });
        List<Phenotype<DoubleGene, Vec<double[]>>> rescored = new ArrayList<>();
        for (var p : next) {
            rescored.add(p.withFitness(fitness(idOf(p.genotype()))));
        }
        return ISeq.of(rescored);
    }

    // ------------------------------------------------------------------ state

    private SearchRun snapshot() {
        List<Member> members = new ArrayList<>();
        List<double[]> units = new ArrayList<>();
        for (var p : population) {
            String id = idOf(p.genotype());
            Scores.Objectives o = scores.of(id);
            members.add(new Member(id, List.of(o.stability(), o.novelty())));
            units.add(p.genotype().chromosome().stream().mapToDouble(DoubleGene::doubleValue).toArray());
        }
        List<Double> yieldsOrNull = new ArrayList<>();
        yields.forEach(v -> yieldsOrNull.add(Double.isNaN(v) ? null : v));
        JsonNode state = new RunState(units, novel.quietGenerations(), from, yieldsOrNull).toJson();
        return new SearchRun(name, config.toJson(), generation, members, novel.ids(), novel.threshold(),
                config.seed(), state, created, Instant.now());
    }

    /** Picks the run up where its last commit left it (or starts it). */
    private void restore() {
        Optional<SearchRun> saved = archive.run(name);
        for (Row row : archive.rows(new Query(Sort.CREATED, true, null, name, 0, Integer.MAX_VALUE)).rows()) {
            Entry e = archive.entry(row.id()).orElseThrow();
            if (e.status() == Status.FAILED) {
                counts.merge("failed", 1, Integer::sum);
                scores.put(e.id(), Scores.Objectives.NONE);
                continue;
            }
            if (!e.descriptor().isEmpty() && e.alive()) {
                scores.living(e.id(), Descriptor.vector(e.descriptor()));
            }
            if (e.stability() != null) {
                counts.merge(e.stability().verdict(), 1, Integer::sum);
            }
            scores.put(e.id(), Scores.Objectives.of(e));
        }
        if (saved.isEmpty()) {
            return;
        }
        SearchRun s = saved.get();
        generation = s.generation();
        created = s.created();
        RunState state = RunState.of(s.state());
        novel = new Novelty.Archive(s.noveltyArchive(), s.noveltyThreshold(), state.quietGenerations());
        from = state.from();
        yields = new ArrayList<>(state.yieldValues());
        List<Phenotype<DoubleGene, Vec<double[]>>> members = new ArrayList<>();
        for (double[] unit : state.units()) {
            Genotype<DoubleGene> g = GenomeCodec.genotype(unit);
            members.add(Phenotype.of(g, generation, fitness(idOf(g))));
        }
        population = ISeq.of(members);
    }
}
