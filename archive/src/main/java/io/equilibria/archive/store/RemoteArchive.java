package io.equilibria.archive.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Clustering;
import io.equilibria.archive.Comparison;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Page;
import io.equilibria.archive.Query;
import io.equilibria.archive.Rating;
import io.equilibria.archive.Row;
import io.equilibria.archive.RowPage;
import io.equilibria.archive.SearchRun;
import io.equilibria.archive.Stats;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads of an archive that another process of this host owns, through that process's read service. */
public final class RemoteArchive implements ArchiveView {
    private final Path file;
    private final Owner owner;
    private final HttpClient client;

    RemoteArchive(Path file, Owner owner) {
        this.file = file;
        this.owner = owner;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public Optional<Entry> entry(String id) {
        return get("/entry", Map.of("id", id)).map(b -> ArchiveJson.read(b, Entry.class, "entry " + id));
    }

    @Override
    public Entry resolve(String idOrPrefix) {
        return get("/resolve", Map.of("id", idOrPrefix == null ? "" : idOrPrefix))
                .map(b -> ArchiveJson.read(b, Entry.class, "entry " + idOrPrefix)).orElseThrow();
    }

    @Override
    public RowPage rows(Query q) {
        String[] lines = new String(get("/rows", params(q)).orElseThrow(), StandardCharsets.UTF_8).split("\n");
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            rows.add(Row.decode(lines[i]));
        }
        return new RowPage(rows, Integer.parseInt(lines[0]));
    }

    @Override
    public Page list(Query q) {
        return ArchiveJson.read(get("/list", params(q)).orElseThrow(), Page.class, "listing");
    }

    private static Map<String, String> params(Query q) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("sort", q.sort().name());
        params.put("ascending", Boolean.toString(q.ascending()));
        if (q.status() != null) {
            params.put("status", q.status().name());
        }
        if (q.runId() != null) {
            params.put("run", q.runId());
        }
        if (q.verdict() != null) {
            params.put("verdict", q.verdict());
        }
        if (q.rating() != null) {
            params.put("rating", q.rating());
        }
        params.put("offset", Integer.toString(q.offset()));
        params.put("limit", Integer.toString(q.limit()));
        return params;
    }

    @Override
    public List<String> children(String id) {
        return parse(get("/children", Map.of("id", id)).orElseThrow(), new TypeReference<>() {});
    }

    @Override
    public Optional<byte[]> thumbnail(String id, char side) {
        return get("/thumbnail", Map.of("id", id, "side", String.valueOf(side)));
    }

    @Override
    public List<SearchRun> runs() {
        return parse(get("/runs", Map.of()).orElseThrow(), new TypeReference<>() {});
    }

    @Override
    public Optional<SearchRun> run(String name) {
        return get("/run", Map.of("name", name)).map(b -> ArchiveJson.read(b, SearchRun.class, "run " + name));
    }

    @Override
    public Stats stats() {
        return ArchiveJson.read(get("/stats", Map.of()).orElseThrow(), Stats.class, "statistics");
    }

    @Override
    public Optional<Clustering> clustering() {
        return get("/clustering", Map.of()).map(b -> ArchiveJson.read(b, Clustering.class, "clustering"));
    }

    @Override
    public void saveClustering(Clustering clustering) {
        send("/clustering", Map.of(), HttpRequest.BodyPublishers.ofByteArray(ArchiveJson.bytes(clustering)));
    }

    @Override
    public Entry rate(String id, Rating.Change change) {
        byte[] json = send("/rate", Map.of("id", id), HttpRequest.BodyPublishers.ofByteArray(ArchiveJson.bytes(change)))
                .orElseThrow(() -> new ArchiveException("no entry " + id + " in archive " + file));
        return ArchiveJson.read(json, Entry.class, "entry " + id);
    }

    @Override
    public void compare(Comparison comparison) {
        send("/compare", Map.of(), HttpRequest.BodyPublishers.ofByteArray(ArchiveJson.bytes(comparison)));
    }

    @Override
    public Map<String, Map<String, Double>> behaviours() {
        byte[] json = send("/behaviours", Map.of(), null).orElseThrow();
        try {
            return ArchiveJson.mapper().readValue(json,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Map<String, Double>>>() {});
        } catch (java.io.IOException e) {
            throw new ArchiveException("archive " + file + ": the owner sent unreadable behaviours", e);
        }
    }

    @Override
    public List<Comparison> comparisons() {
        byte[] json = send("/comparisons", Map.of(), null).orElseThrow();
        return List.of(ArchiveJson.read(json, Comparison[].class, "comparisons"));
    }

    @Override
    public Entry promote(String id) {
        byte[] json = send("/promote", Map.of("id", id), HttpRequest.BodyPublishers.noBody()).orElseThrow(
                () -> new ArchiveException("no entry " + id + " in archive " + file));
        return ArchiveJson.read(json, Entry.class, "entry " + id);
    }

    @Override
    public void close() {
        client.close();
    }

    private static <T> T parse(byte[] json, TypeReference<T> type) {
        try {
            return ArchiveJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new ArchiveException("unreadable answer from the archive's owner: " + e.getMessage());
        }
    }

    private Optional<byte[]> get(String path, Map<String, String> params) {
        return send(path, params, null);
    }

    /** GET, or POST of {@code body} when it is not null. */
    private Optional<byte[]> send(String path, Map<String, String> params, HttpRequest.BodyPublisher body) {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = URI.create("http://127.0.0.1:" + owner.port() + path + (query.isEmpty() ? "" : "?" + query));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header(ReadService.TOKEN_HEADER, owner.token())
                .method(body == null ? "GET" : "POST", body == null ? HttpRequest.BodyPublishers.noBody() : body).build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ArchiveException("archive " + file + " is in use by " + owner.describe()
                    + ", which does not answer reads (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchiveException("interrupted while reading " + file);
        }
        return switch (response.statusCode()) {
            case 200 -> Optional.of(response.body());
            case 404 -> Optional.empty();
            default -> throw new ArchiveException(new String(response.body(), StandardCharsets.UTF_8));
        };
    }
}
