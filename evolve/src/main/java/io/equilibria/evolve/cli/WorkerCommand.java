package io.equilibria.evolve.cli;

import io.equilibria.config.ConfigException;
import io.equilibria.evolve.cluster.Build;
import io.equilibria.evolve.cluster.Nodes;
import io.equilibria.evolve.cluster.Secret;
import io.equilibria.evolve.cluster.Supervisor;
import io.equilibria.evolve.cluster.WorkerNode;
import io.equilibria.evolve.cluster.WorkerProcess;
import io.equilibria.evolve.run.StopSignal;
import io.equilibria.training.Devices;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code equilibria worker}: lend this server's devices to a search running elsewhere. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Train for a search on another server: one worker process per device",
            "joins the search's coordinator (equilibria evolve --cluster) and trains",
            "the individuals it is sent. Workers wait while the coordinator is down",
            "and rejoin when it is back. The cluster's secret comes from --secret or",
            "the environment variable " + Secret.ENV + " (safer: ps does not show it)."})
public final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--join", paramLabel = "HOST:PORT", required = true,
            description = "The coordinator's address (its --listen).")
    String join;

    @Option(names = "--devices", paramLabel = "LIST", defaultValue = "cpu", split = ",",
            description = "Devices to train on, one worker process each: cpu, gpu:0, gpu:1, ..., or gpu:0x4 for four workers"
                    + " sharing gpu:0 (default: ${DEFAULT-VALUE}).")
    List<String> devices;

    @Option(names = "--name", paramLabel = "NAME", description = "The workers' name in the search (default: this host's name).")
    String name;

    @Option(names = "--secret", paramLabel = "TEXT", description = "The cluster's shared secret (else $" + Secret.ENV + ").")
    String secret;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "The address workers listen on (default: the interface that routes to the coordinator).")
    String bind;

    @Option(names = "--port", paramLabel = "N", defaultValue = "5702",
            description = "The first port workers listen on; the next ones are tried when taken (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    WorkerOptions options;

    @Override
    public Integer call() {
        Secret shared = secret(secret, "--secret");
        InetSocketAddress coordinator = Nodes.address(join, 5701, "--join");
        devices = expandDevices(devices); // bad names fail here, before any process starts
        options.validate();
        if (port < 1 || port > 65535) {
            throw new ConfigException("--port", "must be 1..65535, not " + port);
        }
        String who = name != null ? name : WorkerNode.hostName();
        String address = bind != null ? bind : WorkerProcess.routeTo(coordinator);
        try (StopSignal stop = new StopSignal("the workers are leaving the cluster");
                Supervisor workers = new Supervisor(new Supervisor.Settings(devices, who, join, address, port, shared,
                        options.threads, options.recycleAfter, options.maxRss, null), System.out::println)) {
            System.out.printf("equilibria worker %s: %d worker%s (%s) for the coordinator at %s, listening on %s%n",
                    Build.version(), devices.size(), devices.size() == 1 ? "" : "s", String.join(", ", devices), join,
                    address);
            workers.start();
            while (!stop.requested() && workers.fatal().isEmpty()) {
                sleep();
            }
            if (workers.fatal().isPresent()) {
                System.err.println("equilibria: " + workers.fatal().get());
                return ExitCodes.BAD_INPUT;
            }
        }
        return 0;
    }

    static Secret secret(String given, String option) {
        String text = given != null ? given : System.getenv(Secret.ENV);
        if (text == null || text.isBlank()) {
            throw new ConfigException(option, "the cluster's secret is missing: give " + option + " or set "
                    + Secret.ENV + " (the coordinator printed where its secret is)");
        }
        try {
            return new Secret(text.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option, e.getMessage());
        }
    }

    /**
     * The workers a {@code --devices} list asks for, one entry per worker: {@code D} is one worker on
     * device D, {@code DxN} (as {@code gpu:0x4}) N workers sharing it.
     *
     * @throws ConfigException naming {@code --devices} for a malformed entry or a device this machine lacks
     */
    private static final java.util.regex.Pattern SHARED = java.util.regex.Pattern.compile("(.+)x(\\d+)");

    static List<String> expandDevices(List<String> devices) {
        List<String> workers = new java.util.ArrayList<>();
        for (String entry : devices) {
            String d = entry.trim();
            int copies = 1;
            java.util.regex.Matcher m = SHARED.matcher(d);
            if (m.matches()) {
                d = m.group(1);
                copies = Integer.parseInt(m.group(2));
                if (copies < 1 || copies > 64) {
                    throw new ConfigException("--devices", entry + ": 1 to 64 workers per device, not " + copies);
                }
            }
            try {
                Devices.parse(d);
            } catch (ConfigException e) {
                throw new ConfigException("--devices", e.reason());
            }
            for (int i = 0; i < copies; i++) {
                workers.add(d);
            }
        }
        return workers;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One worker process (one device), started by a {@link Supervisor}: not for people. */
    @Command(name = "worker-process", hidden = true)
    public static final class OneDevice implements Callable<Integer> {
        @Option(names = "--join", required = true)
        String join;

        @Option(names = "--device", required = true)
        String device;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--bind", defaultValue = "0.0.0.0")
        String bind;

        @Option(names = "--port", defaultValue = "5702")
        int port;

        @Option(names = "--recycle-after", defaultValue = "200")
        int recycleAfter;

        @Option(names = "--max-rss", defaultValue = "0")
        double maxRss;

        @Option(names = "--parent", defaultValue = "0", description = "Exit when this process has gone.")
        long parent;

        @Override
        public Integer call() {
            Secret shared = secret(null, "$" + Secret.ENV);
            WorkerNode.Settings settings = new WorkerNode.Settings(shared, Build.version(), name, Devices.parse(device),
                    bind, port, join, recycleAfter, maxRss);
            if (parent > 0) {
                // A worker whose supervisor died (kill -9) must not linger: it would train for nobody.
                ProcessHandle.of(parent).ifPresentOrElse(p -> p.onExit().thenRun(() -> System.exit(0)),
                        () -> System.exit(0));
            }
            return new WorkerProcess().run(settings, System.out, System.err);
        }
    }
}
