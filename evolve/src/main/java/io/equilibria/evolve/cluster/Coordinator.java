package io.equilibria.evolve.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.equilibria.archive.Entry;
import io.equilibria.archive.WorkersStatus;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import io.equilibria.evolve.search.Evaluator;
import io.equilibria.fitness.Evaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The search's side of a cluster: a lite member (it holds no data and trains nothing) that hands
 * individuals to idle workers, one per worker at a time, and takes their evaluations back. A task
 * whose worker dies, leaves or runs past the deadline goes to another worker, at most {@code
 * attempts} times in all; then the individual is {@code failed} with every reason.
 *
 * <p>The archive stays with the search (the coordinator's caller): workers only return results,
 * and the search stores each individual once under its id (genome hash, seed and budget), so a
 * task that ran twice is stored once. The state of the workers is written to a small JSON file
 * beside the archive for {@code equilibria browse}'s live view.
 */
public final class Coordinator implements Evaluator {
    /**
     * How the coordinator is set up.
     *
     * @param attempts trainings of one individual at most (the first and the retries)
     * @param deadlineSeconds a task running longer goes elsewhere; 0: ten times the longest so far, at least 10 min
     * @param status where the workers' state is written for the live view (null: nowhere)
     */
    public record Settings(Secret secret, String version, String bind, int port, boolean checkpoints, int attempts,
            double deadlineSeconds, Path status) {}

    private final Settings settings;
    private final Consumer<String> log;
    private final HazelcastInstance member;
    private final IExecutorService executor;
    private final WorkerPool pool;

    private Coordinator(Settings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
        this.pool = new WorkerPool(settings.version(), log, this::writeStatus, this::writeStatusLater);
        Map<String, String> attributes = Map.of(Nodes.ROLE, Nodes.COORDINATOR, Nodes.VERSION, settings.version(),
                Nodes.NAME, "coordinator", Nodes.PID, Long.toString(ProcessHandle.current().pid()), Nodes.HOST,
                WorkerNode.hostName());
        this.member = Hazelcast.newHazelcastInstance(Nodes.config(settings.secret(), settings.bind(), settings.port(),
                0, List.of(settings.bind() + ":" + settings.port()), true, attributes, Map.of()));
        this.executor = member.getExecutorService(Nodes.EXECUTOR);
        member.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                pool.consider(event.getMember());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                pool.removed(event.getMember());
            }
        });
        member.getCluster().getMembers().forEach(pool::consider);
        writeStatus();
    }

    /** Starts the coordinator's member, listening on {@code settings.bind():port}. */
    public static Coordinator start(Settings settings, Consumer<String> log) {
        return new Coordinator(settings, log);
    }

    @Override
    public String device() {
        return pool.describe();
    }

    /** The search may hand over a whole generation: tasks wait here for idle workers. */
    @Override
    public int concurrency() {
        return 256;
    }

    @Override
    public Evaluation evaluate(Genome genome, RunConfig run, BooleanSupplier stop) {
        String id = Entry.idOf(genome, run);
        List<String> reasons = new ArrayList<>();
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            WorkerPool.Worker w = pool.acquire(id, stop, this::listening);
            long deadline = pool.deadlineMillis(settings.deadlineSeconds());
            TrainTask task = new TrainTask(settings.secret(), id, settings.version(), genome, run,
                    settings.checkpoints(), deadline);
            long sent = System.nanoTime();
            Future<byte[]> future;
            try {
                future = executor.submitToMember(task, w.member);
            } catch (RuntimeException e) {
                pool.release(w, false, false);
                reasons.add(w.label() + ": " + e.getMessage());
                continue;
            }
            String lost = await(future, w, id, stop, sent, deadline + 30_000);
            if (lost == null) {
                Reply reply = reply(future, id, w);
                double roundTrip = (System.nanoTime() - sent) / 1e9;
                if (reply == null) {
                    pool.release(w, false, false);
                    reasons.add(w.label() + " sent a reply without this cluster's secret");
                    continue;
                }
                pool.release(w, reply.retiring(), false);
                if (reply.error() == null) {
                    pool.record(w, reply.busySeconds(), roundTrip);
                    return reply.evaluation();
                }
                if (!reply.retry()) {
                    throw new Failed(reply.error());
                }
                lost = reply.error();
            }
            if (stop.getAsBoolean()) {
                throw new Failed("stopped");
            }
            reasons.add(lost);
            if (attempt < settings.attempts()) {
                log.accept(String.format(Locale.ROOT, "%s: training %s again elsewhere (attempt %d of %d)", lost,
                        id.substring(0, 8), attempt + 1, settings.attempts()));
            }
        }
        throw new Failed("not trained after " + settings.attempts() + " attempts: " + String.join("; ", reasons));
    }

    /** Waits for a task; returns null when it answered, else why it is lost (the worker is released). */
    private String await(Future<byte[]> future, WorkerPool.Worker w, String id, BooleanSupplier stop, long sent,
            long deadlineMillis) {
        while (true) {
            try {
                future.get(200, TimeUnit.MILLISECONDS);
                return null;
            } catch (TimeoutException e) {
                if (stop.getAsBoolean()) {
                    future.cancel(true);
                    pool.release(w, false, false);
                    throw new Failed("stopped");
                }
                if ((System.nanoTime() - sent) / 1e6 > deadlineMillis) {
                    future.cancel(true);
                    pool.release(w, false, true); // it gets nothing more until it answers or leaves
                    return String.format(Locale.ROOT, "%s hung past the deadline (%.0f s) on %s", w.label(),
                            deadlineMillis / 1000.0, id.substring(0, 8));
                }
            } catch (ExecutionException e) {
                // A member's death arrives as a MemberLeftException, itself the ExecutionException.
                Throwable cause = e instanceof MemberLeftException || e.getCause() == null ? e : e.getCause();
                pool.release(w, false, false);
                if (cause instanceof MemberLeftException || cause instanceof TargetNotMemberException
                        || cause instanceof HazelcastInstanceNotActiveException) {
                    return "worker " + w.label() + " died or left while training " + id.substring(0, 8);
                }
                return w.label() + " could not run the task: " + cause;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                pool.release(w, false, false);
                throw new Failed("stopped");
            } catch (java.util.concurrent.CancellationException e) {
                pool.release(w, false, false);
                return "the task on " + w.label() + " was cancelled";
            } catch (HazelcastInstanceNotActiveException e) {
                pool.release(w, false, false);
                return "worker " + w.label() + " died or left while training " + id.substring(0, 8);
            }
        }
    }

    private Reply reply(Future<byte[]> future, String id, WorkerPool.Worker w) {
        try {
            return Reply.open(settings.secret(), id, future.get());
        } catch (InterruptedException | ExecutionException | RuntimeException e) {
            return null;
        }
    }

    /** Median time a task spent outside its worker's training (sending, queueing, replying), in ms; NaN before the first. */
    public double scheduleOverheadMillis() {
        return pool.scheduleOverheadMillis();
    }

    /** The number of workers in the cluster now. */
    public int workers() {
        return pool.size();
    }

    /** Waits until {@code n} workers have joined, at most {@code millis}; true when they have. */
    public boolean awaitWorkers(int n, long millis) {
        return pool.await(n, millis);
    }

    /** Why members were refused (version mismatch), in words. */
    public List<String> refused() {
        return pool.refused();
    }

    /** The address workers join ("host:port"). */
    public String listening() {
        return host() + ":" + port();
    }

    /** The address other members reach this one at (chosen by Hazelcast when listening on 0.0.0.0). */
    public String host() {
        return member.getCluster().getLocalMember().getAddress().getHost();
    }

    /** The port workers join. */
    public int port() {
        return member.getCluster().getLocalMember().getAddress().getPort();
    }

    /** The coordinator's Hazelcast member (tests inspect the cluster through it). */
    public HazelcastInstance member() {
        return member;
    }

    // ------------------------------------------------------------------ the live view's file

    private void writeStatusLater() {
        Thread.ofVirtual().start(this::writeStatus); // not under the caller's lock
    }

    /** Writes the workers' state beside the archive (temporary file, then rename): the live view reads it. */
    private void writeStatus() {
        Path file = settings.status();
        if (file == null) {
            return;
        }
        WorkersStatus status = pool.status(member.getLifecycleService().isRunning() ? listening() : "");
        try {
            status.write(file);
        } catch (IOException e) {
            // the live view is a convenience: a search goes on without it
        }
    }

    @Override
    public void close() {
        if (member.getLifecycleService().isRunning()) {
            member.shutdown();
        }
        if (settings.status() != null) {
            try {
                Files.deleteIfExists(settings.status());
            } catch (IOException ignored) {
                // a stale status file names a coordinator that is gone: the live view says so
            }
        }
    }
}
