package io.equilibria.archive.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.ArchiveView;
import io.equilibria.config.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves reads of an open archive to other processes of this host (for example `archive list`
 * while a search runs), on a loopback port named in the owner file, to callers that present the
 * owner file's token: every {@link ArchiveView} operation, reads and the few changes other
 * processes may ask of the owner (promote, rate, compare, store a clustering), as calls of
 * {@link RemoteArchive}'s one forwarding path ({@code POST /call}).
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
            if (!"POST".equals(exchange.getRequestMethod()) || !"/call".equals(exchange.getRequestURI().getPath())) {
                send(exchange, 405, "text/plain", "POST /call only".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try {
                send(exchange, 200, "application/json", answer(archive, exchange.getRequestBody().readAllBytes()));
            } catch (ArchiveException e) {
                send(exchange, 409, "text/plain", e.getMessage().getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                send(exchange, 400, "text/plain", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Runs one call of {@link RemoteArchive}'s on {@code archive}: its result as JSON. */
    static byte[] answer(ArchiveView archive, byte[] callJson) {
        JsonNode call;
        try {
            call = Json.mapper().readTree(callJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable call: " + e.getMessage());
        }
        Method method = RemoteArchive.METHODS.get(call.path("method").asText());
        if (method == null || method.getName().equals("close")) {
            throw new IllegalArgumentException("no operation \"" + call.path("method").asText() + "\"");
        }
        Type[] types = method.getGenericParameterTypes();
        JsonNode given = call.path("args");
        if (given.size() != types.length) {
            throw new IllegalArgumentException(method.getName() + " takes " + types.length + " arguments");
        }
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            try {
                args[i] = Json.mapper().treeToValue(given.get(i),
                        Json.mapper().getTypeFactory().constructType(types[i]));
            } catch (IOException e) {
                throw new IllegalArgumentException(method.getName() + ": unreadable argument " + i + ": " + e.getMessage());
            }
        }
        Object result = ArchiveView.invoke(archive, method, args);
        if (result instanceof Optional<?> o) {
            result = o.orElse(null);
        }
        return Json.bytes(result);
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
}
