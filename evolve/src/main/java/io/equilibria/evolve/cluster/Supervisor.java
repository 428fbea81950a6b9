package io.equilibria.evolve.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One worker JVM per device, kept running: a worker that recycles itself is started again at once,
 * one that crashed (a native error, out of memory, {@code kill -9}) after a pause, one that was
 * refused (another program version) not at all. Used by {@code equilibria worker} and by a search
 * with {@code --devices} (its workers join it on loopback: one code path for both).
 */
public final class Supervisor implements AutoCloseable {
    /**
     * What the workers are.
     *
     * @param name the workers' name; with several devices each gets "-1", "-2", ...
     * @param bind the address the workers listen on (null: the interface that routes to the coordinator)
     * @param threads PyTorch threads per worker (0: the machine's cores shared among the workers)
     * @param logs a directory for the workers' output (null: this process's own output)
     */
    public record Settings(List<String> devices, String name, String join, String bind, int port, Secret secret,
            int threads, int recycleAfter, double maxResidentMb, Path logs) {}

    private final Settings settings;
    private final Consumer<String> log;
    private final List<Child> children = new ArrayList<>();
    private volatile boolean closed;
    private volatile String fatal;

    private final class Child {
        final String name;
        final String device;
        volatile Process process;
        int starts;

        Child(String name, String device) {
            this.name = name;
            this.device = device;
        }
    }

    public Supervisor(Settings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
        List<String> devices = settings.devices();
        for (int i = 0; i < devices.size(); i++) {
            children.add(new Child(devices.size() == 1 ? settings.name() : settings.name() + "-" + (i + 1),
                    devices.get(i)));
        }
    }

    /** Starts every worker and the threads that watch them. */
    public Supervisor start() {
        for (Child c : children) {
            Thread.ofPlatform().daemon().name("supervise-" + c.name).start(() -> supervise(c));
        }
        return this;
    }

    private void supervise(Child c) {
        long backoff = 1000;
        while (!closed) {
            long started = System.currentTimeMillis();
            int code;
            try {
                c.process = launch(c);
                c.starts++;
                code = c.process.waitFor();
            } catch (IOException e) {
                fatal = "cannot start worker " + c.name + ": " + e.getMessage();
                log.accept(fatal);
                return;
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            if (code == WorkerProcess.EXIT_RECYCLE) {
                log.accept("worker " + c.name + " recycled its process");
                backoff = 1000;
                continue;
            }
            if (code == WorkerProcess.EXIT_REFUSED) {
                fatal = "worker " + c.name + " was refused" + lastLine(c).map(l -> ": " + l).orElse("");
                log.accept(fatal);
                return;
            }
            // Crashed or killed: start it again, backing off while it keeps dying young.
            backoff = System.currentTimeMillis() - started < 30_000 ? Math.min(backoff * 2, 60_000) : 1000;
            log.accept(String.format(Locale.ROOT, "worker %s on %s exited with code %d; starting it again in %d s",
                    c.name, c.device, code, backoff / 1000));
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Process launch(Child c) throws IOException {
        int threads = settings.threads() > 0 ? settings.threads()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / children.size());
        List<String> jvm = List.of("-Dai.djl.pytorch.num_threads=" + threads, "-Dai.djl.pytorch.num_interop_threads=1");
        List<String> args = new ArrayList<>(List.of("worker-process", "--join", settings.join(), "--device", c.device,
                "--name", c.name, "--port", Integer.toString(settings.port()), "--recycle-after",
                Integer.toString(settings.recycleAfter()), "--max-rss", Double.toString(settings.maxResidentMb()),
                "--parent", Long.toString(ProcessHandle.current().pid())));
        if (settings.bind() != null) {
            args.addAll(List.of("--bind", settings.bind()));
        }
        List<String> command = new ArrayList<>(JavaProcess.program(jvm, args));
        String cores = cores(c, threads);
        if (cores != null) {
            command.addAll(0, List.of(TASKSET.toString(), "-c", cores));
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put(Secret.ENV, settings.secret().text());
        pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        // libtorch's OpenMP pool is sized when the library loads, before DJL sets its thread count:
        // give it the worker's share from the start, so that workers do not crowd each other's cores.
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        if (settings.logs() == null) {
            pb.inheritIO();
        } else {
            Files.createDirectories(settings.logs());
            Path file = logFile(c);
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()));
        }
        return pb.start();
    }

    private static final Path TASKSET = Path.of("/usr/bin/taskset");

    /**
     * The cores a CPU worker is pinned to when the workers' threads fit the machine (worker i gets
     * cores i*threads ...): trainings that stay on their own cores keep their caches. Null: no pinning.
     */
    private String cores(Child c, int threads) {
        List<Integer> allowed = allowedCpus();
        boolean allCpu = children.stream().allMatch(x -> x.device.equals("cpu"));
        if (!allCpu || children.size() < 2 || children.size() * threads > allowed.size()
                || !Files.isExecutable(TASKSET)) {
            return null;
        }
        int first = children.indexOf(c) * threads;
        return String.join(",", allowed.subList(first, first + threads).stream().map(String::valueOf).toList());
    }

    /** The CPUs this process may run on (Linux: Cpus_allowed_list, e.g. "0-3,8-11"); empty if unknown. */
    static List<Integer> allowedCpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return cpuList(line.substring(line.indexOf(':') + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a format we do not know: no pinning
        }
        return List.of();
    }

    /**
     * The CPUs of a Linux CPU list ("0-3,8-11", "5"), in its order.
     *
     * @throws NumberFormatException when it is not one
     */
    static List<Integer> cpuList(String text) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : text.trim().split(",")) {
            String[] range = part.trim().split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            for (int i = from; i <= to; i++) {
                cpus.add(i);
            }
        }
        return cpus;
    }

    private Path logFile(Child c) {
        return settings.logs().resolve(c.name + ".log");
    }

    private Optional<String> lastLine(Child c) {
        if (settings.logs() == null) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(logFile(c)).reversed().stream().filter(l -> l.startsWith("equilibria"))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Why the workers cannot work (a worker was refused), if so. */
    public Optional<String> fatal() {
        return Optional.ofNullable(fatal);
    }

    /** The process ids of the workers running now. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (Child c : children) {
            Process p = c.process;
            if (p != null && p.isAlive()) {
                pids.add(p.pid());
            }
        }
        return pids;
    }

    /** Stops every worker (their trainings in flight go back to the coordinator) and waits for them. */
    @Override
    public void close() {
        closed = true;
        for (Child c : children) {
            Process p = c.process;
            if (p != null) {
                p.destroy();
            }
        }
        for (Child c : children) {
            Process p = c.process;
            try {
                if (p != null && !p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
