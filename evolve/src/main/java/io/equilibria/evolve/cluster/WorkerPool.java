package io.equilibria.evolve.cluster;

import com.hazelcast.cluster.Member;
import io.equilibria.archive.WorkersStatus;
import io.equilibria.evolve.search.Evaluator.Failed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The coordinator's register of its workers: who joined (and who was refused, and why), who is
 * idle, busy, hung or recycling, what each has done, and the timings that set the deadline. Safe
 * from any thread: the coordinator's task threads wait here for idle workers while Hazelcast's
 * threads report members joining and leaving.
 */
final class WorkerPool {
    /** A task's deadline when none is set: ten times the longest training so far, at least this. */
    private static final long MIN_DEADLINE_MILLIS = 600_000;
    /** How long a worker that ran past a deadline gets no work (its watchdog acts within {@link WorkerNode#WATCHDOG_GRACE_MILLIS}). */
    private static final long HUNG_PAUSE_MILLIS = WorkerNode.WATCHDOG_GRACE_MILLIS + 30_000;

    /** One worker member as the coordinator sees it. */
    static final class Worker {
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

    private final String version;
    private final Consumer<String> log;
    private final Runnable changedNow;
    private final Runnable changedLater;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<UUID, Worker> workers = new LinkedHashMap<>();
    private final List<String> refused = new ArrayList<>();
    private final List<Double> overheadMillis = new ArrayList<>();
    private double longestSeconds;
    private long noWorkersSince = System.currentTimeMillis();
    private boolean toldNoWorkers;

    /**
     * @param version the build every worker must run
     * @param changedNow called (outside the lock) after a change the live view shows
     * @param changedLater the same, from a thread that may not wait (under the lock)
     */
    WorkerPool(String version, Consumer<String> log, Runnable changedNow, Runnable changedLater) {
        this.version = version;
        this.log = log;
        this.changedNow = changedNow;
        this.changedLater = changedLater;
    }

    /** A member joined: a worker of this build is registered, another build's is refused. */
    void consider(Member m) {
        if (m.localMember() || !Nodes.WORKER.equals(m.getAttribute(Nodes.ROLE))) {
            return;
        }
        String theirs = m.getAttribute(Nodes.VERSION);
        lock.lock();
        try {
            if (workers.containsKey(m.getUuid())) {
                return;
            }
            if (!version.equals(theirs)) {
                String why = String.format(Locale.ROOT, "worker %s at %s runs equilibria %s and this coordinator %s:"
                        + " refused (run the same build everywhere)", Nodes.describe(m), m.getAddress(), theirs,
                        version);
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
        changedNow.run();
    }

    /** A member left. */
    void removed(Member m) {
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
        changedNow.run();
    }

    /** The workers in words, for the progress display. */
    String describe() {
        lock.lock();
        try {
            return workers.isEmpty() ? "workers (none joined yet)"
                    : workers.size() + " worker" + (workers.size() == 1 ? "" : "s");
        } finally {
            lock.unlock();
        }
    }

    /**
     * The idle worker that waited longest, marked busy with {@code id}; waits while there is none.
     *
     * @param listening where workers join, for the message a search without workers prints
     * @throws Failed when {@code stop} turns true or the thread is interrupted
     */
    Worker acquire(String id, BooleanSupplier stop, Supplier<String> listening) {
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
                    changedLater.run();
                    return chosen;
                }
                if (workers.isEmpty() && !toldNoWorkers
                        && System.currentTimeMillis() - noWorkersSince > 10_000) {
                    toldNoWorkers = true;
                    log.accept("waiting for workers to join " + listening.get());
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

    /** A worker's task ended: idle again, unless it is recycling its process or {@code hung} past a deadline. */
    void release(Worker w, boolean retiring, boolean hung) {
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
        changedNow.run();
    }

    /** A worker trained an individual in {@code busySeconds}; the task took {@code roundTripSeconds} in all. */
    void record(Worker w, double busySeconds, double roundTripSeconds) {
        lock.lock();
        try {
            w.done++;
            w.busySeconds += busySeconds;
            longestSeconds = Math.max(longestSeconds, busySeconds);
            overheadMillis.add(Math.max(0, roundTripSeconds - busySeconds) * 1000);
        } finally {
            lock.unlock();
        }
    }

    /** A task's deadline in ms: {@code deadlineSeconds} when set (above 0), else ten times the longest training, at least 10 min. */
    long deadlineMillis(double deadlineSeconds) {
        if (deadlineSeconds > 0) {
            return (long) (deadlineSeconds * 1000);
        }
        lock.lock();
        try {
            return Math.max(MIN_DEADLINE_MILLIS, (long) (longestSeconds * 10_000));
        } finally {
            lock.unlock();
        }
    }

    /** Median time a task spent outside its worker's training (sending, queueing, replying), in ms; NaN before the first. */
    double scheduleOverheadMillis() {
        lock.lock();
        try {
            return overheadMillis.isEmpty() ? Double.NaN : new org.apache.commons.math3.stat.descriptive.rank.Median()
                    .evaluate(overheadMillis.stream().mapToDouble(Double::doubleValue).toArray());
        } finally {
            lock.unlock();
        }
    }

    /** The number of workers now. */
    int size() {
        lock.lock();
        try {
            return workers.size();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code n} workers have joined, at most {@code millis}; true when they have. */
    boolean await(int n, long millis) {
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
    List<String> refused() {
        lock.lock();
        try {
            return List.copyOf(refused);
        } finally {
            lock.unlock();
        }
    }

    /** The workers as the live view shows them, the coordinator being at {@code coordinator} ("" once stopped). */
    WorkersStatus status(String coordinator) {
        lock.lock();
        try {
            List<WorkersStatus.Worker> list = new ArrayList<>();
            for (Worker w : workers.values()) {
                String state = w.hung && !w.idle() ? "hung" : w.retiring ? "recycling" : w.task != null ? "training" : "idle";
                list.add(new WorkersStatus.Worker(w.name, w.device, w.host, w.pid, w.member.getAddress().toString(),
                        state, w.task, Instant.ofEpochMilli(w.since), w.done,
                        w.done == 0 ? Double.NaN : w.busySeconds / w.done));
            }
            return new WorkersStatus(Instant.now(), coordinator, ProcessHandle.current().pid(), scheduleOverheadMillis(),
                    list, refused);
        } finally {
            lock.unlock();
        }
    }
}
