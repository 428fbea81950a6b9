package io.equilibria.evolve.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;

/**
 * The life of one worker process (one device): wait until the coordinator answers, join it, train
 * what it sends, and when it goes away wait for it to come back (a restarted search finds its
 * workers still there). After its share of individuals, or past its memory bound, the process
 * leaves and exits with {@link #EXIT_RECYCLE} so that its supervisor starts a fresh JVM.
 */
public final class WorkerProcess {
    /** Exit code: "recycle me" (a supervisor starts the worker again at once). */
    public static final int EXIT_RECYCLE = 75;
    /** Exit code: refused (another program version); a supervisor does not restart it. */
    public static final int EXIT_REFUSED = 2;

    private volatile boolean shutdown;
    private volatile WorkerNode node;

    /** Runs until the process is told to stop (exit 0), recycles (75) or is refused (2). */
    public int run(WorkerNode.Settings settings, PrintStream out, PrintStream err) {
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            shutdown = true;
            WorkerNode n = node;
            if (n != null) {
                n.close(); // the training in flight stops; the coordinator gives it to another worker
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        WorkerNode.watchdog(() -> node);
        InetSocketAddress coordinator = Nodes.address(settings.join(), 5701, "--join");
        boolean waiting = false;
        while (!shutdown) {
            if (!reachable(coordinator)) {
                if (!waiting) {
                    out.println(settings.name() + ": waiting for the coordinator at " + settings.join());
                    waiting = true;
                }
                sleep(1000);
                continue;
            }
            try {
                node = WorkerNode.join(settings, 15_000);
            } catch (WorkerNode.Refused e) {
                err.println("equilibria worker: " + e.getMessage());
                return EXIT_REFUSED;
            } catch (WorkerNode.NoCoordinator | com.hazelcast.core.HazelcastException e) {
                sleep(2000); // it is starting, or another secret: try again
                continue;
            }
            waiting = false;
            out.println(settings.name() + ": joined the coordinator at " + settings.join() + " as "
                    + node.member().getCluster().getLocalMember().getAddress());
            while (!shutdown && !node.coordinatorGone()) {
                if (node.retiring() && node.current() == null) {
                    sleep(2000); // let the last reply leave before the member does
                    out.println(String.format(Locale.ROOT, "%s: recycling its process after %d individuals"
                            + " (resident memory %.0f MB)", settings.name(), node.done(),
                            io.equilibria.training.NativeMemory.residentMb()));
                    node.close();
                    return EXIT_RECYCLE;
                }
                sleep(200);
            }
            WorkerNode n = node;
            node = null;
            n.close();
            if (!shutdown) {
                out.println(settings.name() + ": the coordinator left; waiting for it to come back");
            }
        }
        return 0;
    }

    /** The local address that routes to {@code coordinator}: the interface a worker listens on. */
    public static String routeTo(InetSocketAddress coordinator) {
        try (DatagramSocket probe = new DatagramSocket()) {
            InetAddress target = InetAddress.getByName(coordinator.getHostString());
            if (target.isLoopbackAddress()) {
                return target.getHostAddress();
            }
            probe.connect(target, coordinator.getPort());
            return probe.getLocalAddress().getHostAddress();
        } catch (IOException e) {
            return "0.0.0.0";
        }
    }

    private static boolean reachable(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address.getHostString(), address.getPort()), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
