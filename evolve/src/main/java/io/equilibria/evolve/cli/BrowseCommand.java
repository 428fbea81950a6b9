package io.equilibria.evolve.cli;

import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.browse.BrowseServer;
import io.equilibria.archive.browse.SharedArchive;
import io.equilibria.config.ConfigException;
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
        try (ArchiveView view = new SharedArchive(archive.path)) {
            BrowseServer server;
            try {
                server = BrowseServer.start(view, host, port);
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

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }
}
