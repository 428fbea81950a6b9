package io.equilibria.archive.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.Clustering;
import io.equilibria.archive.Comparison;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Query;
import io.equilibria.archive.Rating;
import io.equilibria.archive.RowPage;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves reads of an open archive to other processes of this host (for example `archive list`
 * while a search runs), on a loopback port named in the owner file, to callers that present the
 * owner file's token. Reads, and the few changes other processes may ask of the owner: storing the
 * latest clustering ({@code POST /clustering}), promoting an entry ({@code POST /promote}) and
 * rating one ({@code POST /rate}).
 */
public final class ReadService {
    static final String TOKEN_HEADER = "X-Equilibria-Token";

    private final HttpServer server;
    private final ExecutorService executor;

    private ReadService(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static ReadService start(Archive archive, String token) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "archive-reads");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(archive, token, exchange));
        server.start();
        return new ReadService(server, executor);
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void handle(Archive archive, String token, HttpExchange exchange) throws IOException {
        try (exchange) {
            String given = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
            if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
                send(exchange, 403, "text/plain", "wrong or missing token".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            if (route.equals("POST /promote")) {
                try {
                    Entry promoted = archive.promote(query(exchange.getRequestURI().getRawQuery()).get("id"));
                    send(exchange, 200, "application/json", ArchiveJson.bytes(promoted));
                } catch (ArchiveException e) {
                    send(exchange, 409, "text/plain", e.getMessage().getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            if (route.equals("POST /rate")) {
                try {
                    Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
                    Rating.Change change = ArchiveJson.read(exchange.getRequestBody().readAllBytes(), Rating.Change.class,
                            "rating");
                    send(exchange, 200, "application/json", ArchiveJson.bytes(archive.rate(q.get("id"), change)));
                } catch (ArchiveException e) {
                    send(exchange, 409, "text/plain", e.getMessage().getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            if (route.equals("POST /compare")) {
                try {
                    archive.compare(ArchiveJson.read(exchange.getRequestBody().readAllBytes(), Comparison.class,
                            "comparison"));
                    send(exchange, 200, "text/plain", new byte[0]);
                } catch (ArchiveException e) {
                    send(exchange, 409, "text/plain", e.getMessage().getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            if (route.equals("POST /clustering")) {
                try {
                    archive.saveClustering(ArchiveJson.read(exchange.getRequestBody().readAllBytes(), Clustering.class,
                            "clustering"));
                    send(exchange, 200, "text/plain", new byte[0]);
                } catch (RuntimeException e) {
                    send(exchange, 400, "text/plain", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "no such change".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            try {
                Object body = switch (exchange.getRequestURI().getPath()) {
                    case "/entry" -> archive.entry(q.get("id")).orElse(null);
                    case "/resolve" -> archive.resolve(q.get("id"));
                    case "/list" -> archive.list(query(q));
                    case "/rows" -> {
                        RowPage page = archive.rows(query(q));
                        StringBuilder text = new StringBuilder().append(page.total()).append('\n');
                        page.rows().forEach(r -> text.append(r.encode()).append('\n'));
                        yield text.toString();
                    }
                    case "/children" -> archive.children(q.get("id"));
                    case "/thumbnail" -> archive.thumbnail(q.get("id"), q.get("side").charAt(0)).orElse(null);
                    case "/runs" -> archive.runs();
                    case "/run" -> archive.run(q.get("name")).orElse(null);
                    case "/stats" -> archive.stats();
                    case "/clustering" -> archive.clustering().orElse(null);
                    case "/comparisons" -> archive.comparisons();
                    case "/behaviours" -> archive.behaviours();
                    default -> throw new IllegalArgumentException("no such route");
                };
                if (body == null) {
                    send(exchange, 404, "text/plain", new byte[0]);
                } else if (body instanceof byte[] png) {
                    send(exchange, 200, "image/png", png);
                } else if (body instanceof String text) {
                    send(exchange, 200, "text/plain", text.getBytes(StandardCharsets.UTF_8));
                } else {
                    send(exchange, 200, "application/json", ArchiveJson.bytes(body));
                }
            } catch (ArchiveException e) {
                send(exchange, 409, "text/plain", e.getMessage().getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                send(exchange, 400, "text/plain", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static Query query(Map<String, String> q) {
        return new Query(Sort.valueOf(q.get("sort")), Boolean.parseBoolean(q.get("ascending")),
                q.get("status") == null ? null : Status.valueOf(q.get("status")), q.get("run"), q.get("verdict"),
                Integer.parseInt(q.get("offset")), Integer.parseInt(q.get("limit")), q.get("rating"));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> map = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return map;
    }
}
