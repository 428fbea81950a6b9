package io.equilibria.evolve.cluster;

import com.hazelcast.cluster.Member;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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

    private static final long MIN_DEADLINE_MILLIS = 600_000;
    /** How long a worker that ran past a deadline gets no work (its watchdog acts within {@link WorkerNode#WATCHDOG_GRACE_MILLIS}). */
    private static final long HUNG_PAUSE_MILLIS = WorkerNode.WATCHDOG_GRACE_MILLIS + 30_000;

    private final Settings settings;
    private final Consumer<String> log;
    private final HazelcastInstance member;
    private final IExecutorService executor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<UUID, Worker> workers = new LinkedHashMap<>();
    private final List<String> refused = new ArrayList<>();
    private final List<Double> overheadMillis = new ArrayList<>();
    private double longestSeconds;
    private long noWorkersSince = System.currentTimeMillis();
    private boolean toldNoWorkers;

    /** One worker member as the coordinator sees it. */
    private static final class Worker {
        final Member member;
        final String name;
        final String device;
        final String host;
        final String pid;
        String task;
        long since = System.currentTimeMillis();
        long idleSince = System.currentTimeMillis();
        int done;
        double busySeconds;
        boolean retiring;
        boolean hung;
        long hungSince;

        Worker(Member m) {
            member = m;
            name = String.valueOf(m.getAttribute(Nodes.NAME));
            device = String.valueOf(m.getAttribute(Nodes.DEVICE));
            host = String.valueOf(m.getAttribute(Nodes.HOST));
            pid = String.valueOf(m.getAttribute(Nodes.PID));
        }

        String label() {
            return name + " (" + device + ")";
        }

        boolean idle() {
            // A worker past a deadline stops that training itself (or its watchdog ends its process):
            // if it is still a member a while later, it is usable again.
            return task == null && !retiring && (!hung || System.currentTimeMillis() - hungSince > HUNG_PAUSE_MILLIS);
        }
    }

    private Coordinator(Settings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
        Map<String, String> attributes = Map.of(Nodes.ROLE, Nodes.COORDINATOR, Nodes.VERSION, settings.version(),
                Nodes.NAME, "coordinator", Nodes.PID, Long.toString(ProcessHandle.current().pid()), Nodes.HOST,
                WorkerNode.hostName());
        this.member = Hazelcast.newHazelcastInstance(Nodes.config(settings.secret(), settings.bind(), settings.port(),
                0, List.of(settings.bind() + ":" + settings.port()), true, attributes, Map.of()));
        this.executor = member.getExecutorService(Nodes.EXECUTOR);
        member.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                consider(event.getMember());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                removed(event.getMember());
            }
        });
        member.getCluster().getMembers().forEach(this::consider);
        writeStatus();
    }

    /** Starts the coordinator's member, listening on {@code settings.bind():port}. */
    public static Coordinator start(Settings settings, Consumer<String> log) {
        return new Coordinator(settings, log);
    }

    private void consider(Member m) {
        if (m.localMember() || !Nodes.WORKER.equals(m.getAttribute(Nodes.ROLE))) {
            return;
        }
        String theirs = m.getAttribute(Nodes.VERSION);
        lock.lock();
        try {
            if (workers.containsKey(m.getUuid())) {
                return;
            }
            if (!settings.version().equals(theirs)) {
                String why = String.format(Locale.ROOT, "worker %s at %s runs equilibria %s and this coordinator %s:"
                        + " refused (run the same build everywhere)", Nodes.describe(m), m.getAddress(), theirs,
                        settings.version());
                refused.add(why);
                log.accept(why);
            } else {
                Worker w = new Worker(m);
                workers.put(m.getUuid(), w);
                toldNoWorkers = false;
                log.accept("worker " + w.label() + " joined from " + w.host + " (" + m.getAddress() + ")");
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        writeStatus();
    }

    private void removed(Member m) {
        lock.lock();
        try {
            Worker w = workers.remove(m.getUuid());
            if (w != null) {
                if (workers.isEmpty()) {
                    noWorkersSince = System.currentTimeMillis();
                }
                log.accept("worker " + w.label() + (w.retiring ? " left to recycle its process"
                        : w.task != null ? " left while training " + w.task.substring(0, 8) : " left"));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        writeStatus();
    }

    @Override
    public String device() {
        lock.lock();
        try {
            return workers.isEmpty() ? "workers (none joined yet)"
                    : workers.size() + " worker" + (workers.size() == 1 ? "" : "s");
        } finally {
            lock.unlock();
        }
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
            Worker w = acquire(id, stop);
            long deadline = deadlineMillis();
            TrainTask task = new TrainTask(settings.secret(), id, settings.version(), genome, run,
                    settings.checkpoints(), deadline);
            long sent = System.nanoTime();
            Future<byte[]> future;
            try {
                future = executor.submitToMember(task, w.member);
            } catch (RuntimeException e) {
                release(w, false, false);
                reasons.add(w.label() + ": " + e.getMessage());
                continue;
            }
            String lost = await(future, w, id, stop, sent, deadline + 30_000);
            if (lost == null) {
                Reply reply = reply(future, id, w);
                double roundTrip = (System.nanoTime() - sent) / 1e9;
                if (reply == null) {
                    release(w, false, false);
                    reasons.add(w.label() + " sent a reply without this cluster's secret");
                    continue;
                }
                release(w, reply.retiring(), false);
                if (reply.error() == null) {
                    record(w, reply, roundTrip);
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
    private String await(Future<byte[]> future, Worker w, String id, BooleanSupplier stop, long sent,
            long deadlineMillis) {
        while (true) {
            try {
                future.get(200, TimeUnit.MILLISECONDS);
                return null;
            } catch (TimeoutException e) {
                if (stop.getAsBoolean()) {
                    future.cancel(true);
                    release(w, false, false);
                    throw new Failed("stopped");
                }
                if ((System.nanoTime() - sent) / 1e6 > deadlineMillis) {
                    future.cancel(true);
                    release(w, false, true); // it gets nothing more until it answers or leaves
                    return String.format(Locale.ROOT, "%s hung past the deadline (%.0f s) on %s", w.label(),
                            deadlineMillis / 1000.0, id.substring(0, 8));
                }
            } catch (ExecutionException e) {
                // A member's death arrives as a MemberLeftException, itself the ExecutionException.
                Throwable cause = e instanceof MemberLeftException || e.getCause() == null ? e : e.getCause();
                release(w, false, false);
                if (cause instanceof MemberLeftException || cause instanceof TargetNotMemberException
                        || cause instanceof HazelcastInstanceNotActiveException) {
                    return "worker " + w.label() + " died or left while training " + id.substring(0, 8);
                }
                return w.label() + " could not run the task: " + cause;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                release(w, false, false);
                throw new Failed("stopped");
            } catch (java.util.concurrent.CancellationException e) {
                release(w, false, false);
                return "the task on " + w.label() + " was cancelled";
            } catch (HazelcastInstanceNotActiveException e) {
                release(w, false, false);
                return "worker " + w.label() + " died or left while training " + id.substring(0, 8);
            }
        }
    }

    private Reply reply(Future<byte[]> future, String id, Worker w) {
        try {
            return Reply.open(settings.secret(), id, future.get());
        } catch (InterruptedException | ExecutionException | RuntimeException e) {
            return null;
        }
    }

    /** The idle worker that waited longest, marked busy with {@code id}; waits while there is none. */
    private Worker acquire(String id, BooleanSupplier stop) {
        lock.lock();
        try {
            while (true) {
                if (stop.getAsBoolean()) {
                    throw new Failed("stopped");
                }
                Worker chosen = null;
                for (Worker w : workers.values()) {
                    if (w.idle() && (chosen == null || w.idleSince < chosen.idleSince)) {
                        chosen = w;
                    }
                }
                if (chosen != null) {
                    chosen.task = id;
                    chosen.since = System.currentTimeMillis();
                    writeStatusLater();
                    return chosen;
                }
                if (workers.isEmpty() && !toldNoWorkers
                        && System.currentTimeMillis() - noWorkersSince > 10_000) {
                    toldNoWorkers = true;
                    log.accept("waiting for workers to join " + listening());
                }
                changed.await(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("stopped");
        } finally {
            lock.unlock();
        }
    }

    private void release(Worker w, boolean retiring, boolean hung) {
        lock.lock();
        try {
            w.task = null;
            w.idleSince = System.currentTimeMillis();
            w.retiring |= retiring;
            w.hung = hung;
            w.hungSince = hung ? System.currentTimeMillis() : 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        writeStatus();
    }

    private void record(Worker w, Reply reply, double roundTripSeconds) {
        lock.lock();
        try {
            w.done++;
            w.busySeconds += reply.busySeconds();
            longestSeconds = Math.max(longestSeconds, reply.busySeconds());
            overheadMillis.add(Math.max(0, roundTripSeconds - reply.busySeconds()) * 1000);
        } finally {
            lock.unlock();
        }
    }

    private long deadlineMillis() {
        if (settings.deadlineSeconds() > 0) {
            return (long) (settings.deadlineSeconds() * 1000);
        }
        lock.lock();
        try {
            return Math.max(MIN_DEADLINE_MILLIS, (long) (longestSeconds * 10_000));
        } finally {
            lock.unlock();
        }
    }

    /** Median time a task spent outside its worker's training (sending, queueing, replying), in ms. */
    public double scheduleOverheadMillis() {
        lock.lock();
        try {
            return overheadMillis.isEmpty() ? Double.NaN : new org.apache.commons.math3.stat.descriptive.rank.Median()
                    .evaluate(overheadMillis.stream().mapToDouble(Double::doubleValue).toArray());
        } finally {
            lock.unlock();
        }
    }

    /** The number of workers in the cluster now. */
    public int workers() {
        lock.lock();
        try {
            return workers.size();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code n} workers have joined, at most {@code millis}; true when they have. */
    public boolean awaitWorkers(int n, long millis) {
        long until = System.currentTimeMillis() + millis;
        lock.lock();
        try {
            while (workers.size() < n) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                changed.await(Math.min(left, 200), TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Why members were refused (version mismatch), in words. */
    public List<String> refused() {
        lock.lock();
        try {
            return List.copyOf(refused);
        } finally {
            lock.unlock();
        }
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
        WorkersStatus status;
        lock.lock();
        try {
            List<WorkersStatus.Worker> list = new ArrayList<>();
            for (Worker w : workers.values()) {
                String state = w.hung && !w.idle() ? "hung" : w.retiring ? "recycling" : w.task != null ? "training" : "idle";
                list.add(new WorkersStatus.Worker(w.name, w.device, w.host, w.pid, w.member.getAddress().toString(),
                        state, w.task, Instant.ofEpochMilli(w.since), w.done,
                        w.done == 0 ? Double.NaN : w.busySeconds / w.done));
            }
            status = new WorkersStatus(Instant.now(), member.getLifecycleService().isRunning() ? listening() : "",
                    ProcessHandle.current().pid(), scheduleOverheadMillis(), list, refused);
        } finally {
            lock.unlock();
        }
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
