package io.equilibria.evolve.cli;

import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.browse.Breeder;
import io.equilibria.archive.browse.BrowseServer;
import io.equilibria.archive.browse.SharedArchive;
import io.equilibria.config.ConfigException;
import io.equilibria.evolve.cluster.JavaProcess;
import io.equilibria.evolve.search.SearchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code equilibria browse}: the archive in a web browser, until Ctrl-C. */
@Command(name = "browse", mixinStandardHelpOptions = true,
        description = {"Serve a web UI over the archive: gallery, entries, Pareto view, clusters, a live view of a",
            "running search, and promotion. Works while a search runs (it reads through the search)."})
public final class BrowseCommand implements Callable<Integer> {
    @Mixin
    ArchiveOption archive;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new ConfigException("--port", port + " is not a port (0 to 65535)");
        }
        boolean local = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
        if (!local) {
            System.err.println("equilibria: warning: serving on " + host + ": anyone who can reach this address can"
                    + " browse the archive and promote entries (there are no accounts); prefer an SSH tunnel");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (SharedArchive view = SharedArchive.open(archive.path)) {
            BrowseServer server;
            try {
                server = BrowseServer.start(view, host, port, breeder(view));
            } catch (RuntimeException e) {
                throw new ConfigException("--port", "cannot listen on " + host + ":" + port + " (" + rootMessage(e)
                        + "); is another program using it? --port 0 picks a free one");
            }
            try (server) {
                System.out.println("browse " + view.file() + " at http://" + (host.contains(":") ? "[" + host + "]" : host)
                        + ":" + server.port() + "/  (Ctrl-C stops)");
                System.out.flush();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stopped.countDown();
                    try {
                        if (closed.await(10, java.util.concurrent.TimeUnit.SECONDS)) { // the archive closed cleanly
                            System.out.flush();
                            Runtime.getRuntime().halt(0); // a stop asked for is not a failure
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "browse-stop"));
                stopped.await();
            }
        } finally {
            closed.countDown();
        }
        return 0;
    }

    /**
     * The breed page's button: {@code equilibria evolve --from IDS --run NAME} on this archive, in a
     * process of its own (a Ctrl-C in the terminal reaches it too: it saves its state, and the same
     * command continues it), its output appended to
     * {@code ARCHIVE.work/breed-NAME.log}; with the preset of the search that found the first chosen find.
     */
    private Breeder breeder(SharedArchive view) {
        return (ids, run) -> {
            Path file = archive.path.toAbsolutePath();
            Path log = Path.of(file + ".work", "breed-" + run + ".log");
            try {
                Files.createDirectories(log.getParent());
                List<String> args = new ArrayList<>(List.of("evolve", "--from", String.join(",", ids), "--run", run));
                presetOf(view, ids.getFirst()).ifPresent(preset -> args.addAll(List.of("--preset", preset)));
                args.addAll(List.of("--archive", file.toString()));
                view.letGo(); // the search opens the archive; this browser then reads through it
                Process p = new ProcessBuilder(JavaProcess.program(List.of(), args))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                return "run " + run + " is being bred by process " + p.pid() + " (equilibria "
                        + String.join(" ", args.subList(0, args.size() - 2)) + "); its output goes to " + log;
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the run: " + e.getMessage(), e);
            }
        };
    }

    /** The preset of the search that found {@code id}, if a search did (a bred run searches like it). */
    private static Optional<String> presetOf(ArchiveView view, String id) {
        try {
            return view.entry(id).flatMap(e -> view.run(e.runId())).map(r -> SearchConfig.fromJson(r.config()).preset());
        } catch (ConfigException unreadable) { // a run of an older version: the default preset
            return Optional.empty();
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }
}
