package io.equilibria.evolve.cluster;

import ai.djl.Device;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.equilibria.evolve.search.LocalEvaluator;
import io.equilibria.fitness.Evaluation;
import io.equilibria.training.Devices;
import io.equilibria.training.NativeMemory;
import io.equilibria.training.Outcome;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * A cluster member that trains on one device: it joins through the coordinator's address, checks
 * that the coordinator runs the same program, and trains the tasks it is sent, one at a time. It
 * never touches an archive. When the coordinator leaves, the training in flight stops and {@link
 * #coordinatorGone()} turns true; the process around it ({@link WorkerProcess}) then rejoins.
 */
public final class WorkerNode implements AutoCloseable {
    /** How a worker is set up. */
    public record Settings(Secret secret, String version, String name, Device device, String bind, int port,
            String join, int recycleAfter, double maxResidentMb) {}

    /** The coordinator runs another program version: the worker must not work for it. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** No coordinator in the cluster this member joined (it is not up yet, or it left). */
    public static final class NoCoordinator extends RuntimeException {
        NoCoordinator(String message) {
            super(message);
        }
    }

    /** A training this long past its deadline means a hung native call: the process ends (and is started again). */
    static final long WATCHDOG_GRACE_MILLIS = 120_000;
    /** Exit code of a worker process its watchdog ended. */
    public static final int EXIT_HUNG = 70;

    private final Settings settings;
    private final HazelcastInstance member;
    private volatile long deadlineAt = Long.MAX_VALUE;
    private volatile UUID coordinator;
    private volatile boolean coordinatorGone;
    private volatile boolean stopping;
    private volatile boolean retiring;
    private volatile String current;
    private int done;

    private WorkerNode(Settings settings) {
        this.settings = settings;
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(Nodes.ROLE, Nodes.WORKER);
        attributes.put(Nodes.VERSION, settings.version());
        attributes.put(Nodes.NAME, settings.name());
        attributes.put(Nodes.DEVICE, Devices.name(settings.device()));
        attributes.put(Nodes.PID, Long.toString(ProcessHandle.current().pid()));
        attributes.put(Nodes.HOST, hostName());
        this.member = Hazelcast.newHazelcastInstance(Nodes.config(settings.secret(), settings.bind(), settings.port(),
                100, List.of(settings.join()), false, attributes, Map.of(Nodes.CONTEXT_KEY, this)));
    }

    /**
     * In a worker process: ends the process when a training hangs far past its deadline (a native
     * call that never returns cannot be stopped any other way); its supervisor starts a fresh one.
     */
    public static void watchdog(java.util.function.Supplier<WorkerNode> current) {
        Thread.ofPlatform().daemon().name("worker-watchdog").start(() -> {
            while (true) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    return;
                }
                WorkerNode n = current.get();
                if (n != null && n.current != null && System.currentTimeMillis() > n.deadlineAt + WATCHDOG_GRACE_MILLIS) {
                    System.err.println("equilibria worker: training " + n.current + " hung past its deadline; ending"
                            + " this process so that a fresh one takes over");
                    Runtime.getRuntime().halt(EXIT_HUNG);
                }
            }
        });
    }

    /**
     * Joins the cluster and finds its coordinator within {@code patienceMillis}.
     *
     * @throws Refused the coordinator runs another program version
     * @throws NoCoordinator there is none (yet)
     */
    public static WorkerNode join(Settings settings, long patienceMillis) {
        WorkerNode node = new WorkerNode(settings);
        try {
            node.findCoordinator(patienceMillis);
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private void findCoordinator(long patienceMillis) {
        long until = System.currentTimeMillis() + patienceMillis;
        member.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {}

            @Override
            public void memberRemoved(MembershipEvent event) {
                if (event.getMember().getUuid().equals(coordinator)) {
                    coordinatorGone = true;
                }
            }
        });
        while (true) {
            for (Member m : member.getCluster().getMembers()) {
                if (Nodes.COORDINATOR.equals(m.getAttribute(Nodes.ROLE))) {
                    String theirs = m.getAttribute(Nodes.VERSION);
                    if (!settings.version().equals(theirs)) {
                        throw new Refused(String.format(Locale.ROOT, "the coordinator at %s runs equilibria %s and"
                                + " this worker %s: workers and coordinator must run the same build (install the"
                                + " same version on every server)", settings.join(), theirs, settings.version()));
                    }
                    coordinator = m.getUuid();
                    if (!member.getCluster().getMembers().contains(m)) {
                        coordinatorGone = true; // it left while we looked
                    }
                    return;
                }
            }
            if (System.currentTimeMillis() > until) {
                throw new NoCoordinator("no coordinator at " + settings.join());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NoCoordinator("interrupted");
            }
        }
    }

    /** Trains one task (on the member's executor thread) and seals the reply. */
    byte[] train(TrainTask task) {
        long started = System.nanoTime();
        String who = settings.name() + " (" + Devices.name(settings.device()) + ")";
        Reply reply;
        if (!task.authentic(settings.secret())) {
            reply = new Reply(task.id, who, "refused: the task does not carry this cluster's secret", false, null,
                    false, 0);
        } else if (!task.version.equals(settings.version())) {
            reply = new Reply(task.id, who, "refused: the coordinator runs equilibria " + task.version
                    + " and this worker " + settings.version(), false, null, false, 0);
        } else {
            long deadline = System.currentTimeMillis() + task.deadlineMillis;
            deadlineAt = deadline;
            boolean[] late = {false};
            BooleanSupplier stop = () -> {
                late[0] |= System.currentTimeMillis() > deadline;
                return stopping || coordinatorGone || late[0] || Thread.currentThread().isInterrupted();
            };
            current = task.id;
            Evaluation evaluation = null;
            String error = null;
            boolean retry = false;
            try {
                evaluation = new LocalEvaluator(settings.device(), who, task.checkpoint).evaluate(task.genome(),
                        task.run(), stop);
                if (evaluation.outcome() == Outcome.STOPPED && (stop.getAsBoolean() || late[0])) {
                    retry = true;
                    error = late[0] ? String.format(Locale.ROOT, "%s ran past its deadline of %.1f s", who,
                            task.deadlineMillis / 1000.0) : who + " was stopped";
                    evaluation = null;
                }
            } catch (OutOfMemoryError e) {
                error = "out of memory on " + who + ": " + e.getMessage();
            } catch (RuntimeException e) {
                error = e.getClass().getSimpleName() + " on " + who + ": "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            } finally {
                current = null;
            }
            done++;
            double resident = NativeMemory.residentMb();
            retiring = done >= settings.recycleAfter()
                    || (settings.maxResidentMb() > 0 && resident > settings.maxResidentMb());
            reply = new Reply(task.id, who, error, retry, evaluation, retiring, (System.nanoTime() - started) / 1e9);
        }
        return reply.seal(settings.secret());
    }

    /** The coordinator this worker joined has left the cluster. */
    public boolean coordinatorGone() {
        return coordinatorGone || !member.getLifecycleService().isRunning();
    }

    /** The worker has trained its share (or grown past its memory bound) and asks to be recycled. */
    public boolean retiring() {
        return retiring;
    }

    /** The id of the individual in training, or null. */
    public String current() {
        return current;
    }

    public int done() {
        return done;
    }

    public HazelcastInstance member() {
        return member;
    }

    /** Stops a training in flight (its task goes back to the coordinator as "retry"). */
    public void stopTraining() {
        stopping = true;
    }

    /** Leaves the cluster gracefully. */
    @Override
    public void close() {
        stopping = true;
        member.shutdown();
    }

    /** Leaves at once, as a crash would (tests). */
    public void terminate() {
        stopping = true;
        member.getLifecycleService().terminate();
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
