package io.equilibria.evolve.search;

import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import io.equilibria.fitness.Evaluation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Trains a generation's individuals through an {@link Evaluator}: one at a time when it trains one
 * at a time, else as many at once as it takes on dispatch threads, the largest first (a generation
 * ends when its last individual does: big ones late would leave devices idle). What happens is
 * handed back to the calling thread, which alone judges and commits.
 */
final class Dispatcher {
    /** Hears of each training's start and end, on the thread that called {@link #train}. */
    interface Sink {
        void started(Task task);

        void done(Event event);
    }

    /** Thrown through Jenetics to abandon a generation when the user stops the search. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** An individual to train: its id, genome and parents. */
    record Task(String id, Genome genome, List<String> parents) {}

    /** What a dispatch thread reports to the search thread: a start, or an end (evaluation or error). */
    record Event(Task task, boolean started, Evaluation evaluation, Throwable error) {}

    private final Evaluator evaluator;
    private final RunConfig run;
    private final BooleanSupplier stop;

    Dispatcher(Evaluator evaluator, RunConfig run, BooleanSupplier stop) {
        this.evaluator = evaluator;
        this.run = run;
        this.stop = stop;
    }

    /**
     * Trains {@code tasks} through the evaluator, as many at once as it takes, the largest first
     * (the generation ends when its last individual does: big ones late would leave devices idle).
     * {@code sink} hears of every start and end on this thread, one at a time, in the order they
     * happen.
     *
     * @throws Stopped when the stop signal is raised (in-flight trainings are abandoned)
     */
    void train(List<Task> tasks, Sink sink) {
        if (tasks.isEmpty()) {
            return;
        }
        if (stop.getAsBoolean()) {
            throw new Stopped();
        }
        int concurrency = Math.min(evaluator.concurrency(), tasks.size());
        if (concurrency <= 1) {
            for (Task t : tasks) {
                if (stop.getAsBoolean()) {
                    throw new Stopped();
                }
                sink.started(t);
                sink.done(trained(t, stop));
            }
            return;
        }
        int resolution = run.resolution();
        List<Task> largestFirst = new ArrayList<>(tasks);
        largestFirst.sort(Comparator.comparingLong((Task t) -> MemoryEstimate.bytes(t.genome(), resolution))
                .reversed());
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        AtomicBoolean abandon = new AtomicBoolean();
        BooleanSupplier stopTask = () -> abandon.get() || stop.getAsBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency,
                Thread.ofPlatform().daemon().name("dispatch-", 1).factory());
        try {
            for (Task t : largestFirst) {
                pool.execute(() -> {
                    if (stopTask.getAsBoolean()) {
                        return;
                    }
                    events.add(new Event(t, true, null, null));
                    events.add(trained(t, stopTask));
                });
            }
            for (int remaining = tasks.size(); remaining > 0; ) {
                Event e = events.poll(200, TimeUnit.MILLISECONDS);
                if (stop.getAsBoolean()) {
                    throw new Stopped();
                }
                if (e == null) {
                    continue;
                }
                if (e.started()) {
                    sink.started(e.task());
                    continue;
                }
                remaining--;
                sink.done(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        } finally {
            abandon.set(true); // in-flight trainings stop (a stopped one is trained again on resume)
            pool.shutdownNow();
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Trains one individual (in whichever thread calls this): its end, as an event. */
    private Event trained(Task t, BooleanSupplier stopTask) {
        try {
            return new Event(t, false, evaluator.evaluate(t.genome(), run, stopTask), null);
        } catch (RuntimeException | OutOfMemoryError e) {
            return new Event(t, false, null, e);
        }
    }
}
