package io.equilibria.archive.browse;

import com.fasterxml.jackson.databind.JsonNode;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Blob;
import io.equilibria.archive.Clustering;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Query;
import io.equilibria.archive.Rating;
import io.equilibria.archive.Row;
import io.equilibria.archive.RowPage;
import io.equilibria.archive.SearchRun;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import io.equilibria.archive.cluster.ClusterPictures;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code equilibria browse}: the archive in a web browser. Gallery, entry pages, the Pareto view,
 * the clusters and a live view of a running search, over any {@link ArchiveView} (the archive
 * itself, or the running search that owns it).
 *
 * <p>Safety: everything from the archive is HTML-escaped by the templates (Mustache's {@code {{ }}})
 * or by {@link Scatter#escape}; blobs are served only by their content-hash names, from the blob
 * folder; the one change (promote) is a POST that must carry the token of a page this server made.
 */
public final class BrowseServer implements AutoCloseable {
    /** A request for another host's name (see {@link OwnHost}). */
    static final class ForeignHost extends RuntimeException {
        ForeignHost(String host) {
            super("This server answers to this machine's own names and addresses only, not to \"" + host
                    + "\": open it by its address (for example http://127.0.0.1:PORT/).");
        }
    }

    static final int PAGE_SIZE = 48;
    static final int LIVE_REFRESH_SECONDS = 5;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final Set<String> PAGES = Set.of("head", "foot", "gallery", "entry", "confirm", "pareto", "clusters",
            "live", "error", "breed", "lineage", "compare", "map");

    private final ArchiveView archive;
    private final String token;
    private final Map<String, Template> templates = new HashMap<>();
    private final Javalin app;
    private final LivingFinds livingFinds;

    private BrowseServer(ArchiveView archive) {
        this.archive = archive;
        this.token = io.equilibria.archive.Tokens.random();
        this.livingFinds = new LivingFinds(archive);
        Mustache.Compiler compiler = Mustache.compiler().defaultValue("").emptyStringIsFalse(true).withLoader(BrowseServer::template);
        for (String name : PAGES) {
            try (Reader r = template(name)) {
                templates.put(name, compiler.compile(r));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            // Requests Jetty refuses before any route sees them (an encoded "/" or ".." in a path, say)
            // get the same page as every other error.
            config.jetty.modifyServer(server -> server.setErrorHandler(new ErrorHandler() {
                @Override
                public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
                    fields.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
                    return ByteBuffer.wrap(errorPage(status, "Bad request", "The address is malformed ("
                            + (reason == null ? "refused" : reason) + ").").getBytes(StandardCharsets.UTF_8));
                }
            }));
        });
        // DNS rebinding: a web page whose name an attacker points at 127.0.0.1 reaches this server
        // with its own name in Host. Only this machine's names and addresses are answered.
        app.before(ctx -> {
            String host = ctx.header("Host");
            if (host == null || !OwnHost.accepts(host)) {
                throw new ForeignHost(host);
            }
        });
        app.exception(ForeignHost.class, (e, ctx) -> error(ctx, 403, "Forbidden", e.getMessage()));
        app.get("/", this::gallery);
        app.get("/entry/{id}", this::entry);
        app.post("/entry/{id}/promote", this::promote);
        app.post("/entry/{id}/rate", this::rate);
        app.get("/keys.js", this::keys);
        app.get("/breed", this::breed);
        app.get("/compare", this::compare);
        app.get("/map", this::map);
        app.post("/compare", this::answer);
        app.get("/entry/{id}/lineage", this::lineage);
        app.get("/entry/{id}/chart/{group}", this::chart);
        app.get("/thumb/{id}/{side}", this::thumbnail);
        app.get("/blob/{name}", this::blob);
        app.get("/pareto", this::pareto);
        app.get("/clusters", this::clusters);
        app.get("/live", this::live);
        app.get("/clusters/{label}/canvas.png", this::canvas);
        app.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, "Bad request", e.getMessage()));
        app.exception(NotFound.class, (e, ctx) -> error(ctx, 404, "Not found", e.getMessage()));
        app.exception(ArchiveException.class, (e, ctx) -> error(ctx, e.getMessage().startsWith("no entry") ? 404 : 409,
                e.getMessage().startsWith("no entry") ? "Not found" : "Cannot do that", e.getMessage()));
        app.error(404, ctx -> {
            if (ctx.result() == null || !ctx.result().startsWith("<!doctype")) { // not one of our pages yet
                error(ctx, 404, "Not found", "There is no page " + ctx.path() + ".");
            }
        });
        app.error(405, ctx -> error(ctx, 405, "Not allowed", "Use the page's buttons: changes are made by POST only."));
    }

    private static Reader template(String name) {
        var in = BrowseServer.class.getResourceAsStream("/browse/" + name + ".mustache");
        if (in == null) {
            throw new IllegalStateException("template " + name + " is missing from the program");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /** Serves {@code archive} on {@code host:port} (0: any free port) until {@link #close}. */
    public static BrowseServer start(ArchiveView archive, String host, int port) {
        BrowseServer server = new BrowseServer(archive);
        server.app.start(host, port);
        return server;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        livingFinds.close();
    }

    // ------------------------------------------------------------------ pages

    private Map<String, Object> page(String title, String nav) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", title);
        m.put("nav", Map.of(nav, true));
        m.put("archive", archive.file().toAbsolutePath().toString());
        m.put("token", token);
        return m;
    }

    private void render(Context ctx, String template, Map<String, Object> model) {
        ctx.contentType("text/html; charset=utf-8");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:");
        ctx.result(templates.get(template).execute(model));
    }

    private void error(Context ctx, int code, String heading, String message) {
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(errorPage(code, heading, message));
        ctx.status(code);
    }

    private String errorPage(int code, String heading, String message) {
        Map<String, Object> m = page(code + " " + heading, "none");
        m.put("code", code);
        m.put("heading", heading);
        m.put("message", message);
        return templates.get("error").execute(m);
    }

    private void gallery(Context ctx) {
        Sort sort = parseSort(ctx.queryParam("sort"));
        boolean ascending = "asc".equals(ctx.queryParam("order"));
        Status status = parseStatus(ctx.queryParam("status"));
        String run = blankToNull(ctx.queryParam("run"));
        String verdict = parseVerdict(ctx.queryParam("verdict"));
        String rating = blankToNull(ctx.queryParam("rating"));
        if (rating != null && !Rating.FILTERS.contains(rating)) {
            throw new BadRequest("rating \"" + rating + "\" is not one of " + String.join(", ", Rating.FILTERS));
        }
        Integer cluster = parseInt(ctx.queryParam("cluster"), "cluster", 0, 10_000);
        int pageNumber = Optional.ofNullable(parseInt(ctx.queryParam("page"), "page", 1, 1_000_000)).orElse(1);
        int offset = (pageNumber - 1) * PAGE_SIZE;
        Optional<Clustering> clustering = archive.clustering();
        List<Row> rows;
        int total;
        if (cluster != null) {
            Set<String> members = new TreeSet<>(clustering.map(c -> c.members().getOrDefault(cluster, List.of()))
                    .orElse(List.of()));
            RowPage all = archive.rows(new Query(sort, ascending, status, run, verdict, 0, Integer.MAX_VALUE, rating));
            List<Row> in = all.rows().stream().filter(r -> members.contains(r.id())).toList();
            total = in.size();
            rows = in.subList(Math.min(offset, total), Math.min(total, offset + PAGE_SIZE));
        } else {
            RowPage page = archive.rows(new Query(sort, ascending, status, run, verdict, offset, PAGE_SIZE, rating));
            rows = page.rows();
            total = page.total();
        }
        Map<String, Object> m = page("Gallery", "gallery");
        String back = ctx.queryString() == null ? "/" : "/?" + ctx.queryString();
        m.put("cards", rows.stream().map(r -> card(r, back)).toList());
        m.put("total", total);
        m.put("from", total == 0 ? 0 : offset + 1);
        m.put("to", offset + rows.size());
        m.put("ascending", ascending);
        m.put("sorts", options(java.util.Arrays.stream(Sort.values()).map(Sort::jsonName).toList(), sort.jsonName()));
        m.put("ratings", options(Rating.FILTERS, rating));
        m.put("statuses", options(List.of(Status.values()).stream().map(Status::jsonName).toList(),
                status == null ? null : status.jsonName()));
        m.put("verdicts", options(Entry.VERDICTS, verdict));
        m.put("runs", options(runNames(), run));
        if (clustering.isPresent()) {
            List<String> labels = new ArrayList<>();
            for (int c = 0; c < clustering.get().k(); c++) {
                labels.add(Integer.toString(c));
            }
            m.put("hasClusters", true);
            m.put("clusters", options(labels, cluster == null ? null : cluster.toString()));
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("sort", sort.name().toLowerCase(Locale.ROOT));
        params.put("order", ascending ? "asc" : "desc");
        params.put("status", status == null ? "" : status.jsonName());
        params.put("verdict", verdict == null ? "" : verdict);
        params.put("rating", rating == null ? "" : rating);
        params.put("run", run == null ? "" : run);
        params.put("cluster", cluster == null ? "" : cluster.toString());
        if (pageNumber > 1) {
            m.put("prev", url(params, pageNumber - 1));
        }
        if (offset + rows.size() < total) {
            m.put("next", url(params, pageNumber + 1));
        }
        render(ctx, "gallery", m);
    }

    private List<String> runNames() {
        List<String> names = new ArrayList<>();
        archive.runs().forEach(r -> names.add(r.name()));
        for (String other : List.of("train", "import")) {
            if (!names.contains(other)) {
                names.add(other);
            }
        }
        return names;
    }

    private static String url(Map<String, String> params, int page) {
        StringBuilder s = new StringBuilder("/?");
        params.forEach((k, v) -> {
            if (!v.isEmpty()) {
                s.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
            }
        });
        return s.append("page=").append(page).toString();
    }

    private static List<Map<String, Object>> options(List<String> values, String selected) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String v : values) {
            out.add(Map.of("value", v, "selected", v.equals(selected)));
        }
        return out;
    }

    private Map<String, Object> card(Row r, String back) {
        Map<String, Object> c = new HashMap<>();
        Rating rated = r.ratingSummary();
        c.put("rateable", r.rateable());
        c.put("token", token);
        c.put("back", back);
        c.putAll(ratingModel(rated));
        c.put("id", r.id());
        c.put("short", r.id().substring(0, Math.min(10, r.id().length())));
        c.put("status", r.status().jsonName());
        c.put("stability", number(r.stability()));
        c.put("verdict", r.verdict());
        c.put("novelty", number(r.novelty()));
        c.put("generation", r.generation());
        c.put("run", r.runId());
        return c;
    }

    /** The rating buttons' state: stars 1–5 lit up to the rating's, favourite, rejected. */
    private static Map<String, Object> ratingModel(Rating rated) {
        Map<String, Object> m = new HashMap<>();
        List<Map<String, Object>> stars = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            stars.add(Map.of("n", n, "on", rated != null && !rated.rejected() && n <= rated.stars()));
        }
        m.put("stars", stars);
        m.put("favourite", rated != null && rated.favourite());
        m.put("rejected", rated != null && rated.rejected());
        return m;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private Entry resolve(String idOrPrefix) {
        if (idOrPrefix == null || !idOrPrefix.matches("[0-9a-fA-F]{1,64}")) {
            throw new BadRequest("\"" + idOrPrefix + "\" is not an entry id (hex digits)");
        }
        return archive.resolve(idOrPrefix);
    }

    private void entry(Context ctx) {
        Entry e = resolve(ctx.pathParam("id"));
        if (!e.id().equals(ctx.pathParam("id"))) {
            ctx.redirect("/entry/" + e.id(), HttpStatus.SEE_OTHER);
            return;
        }
        Map<String, Object> m = page("Entry " + e.id(), "gallery");
        m.put("id", e.id());
        m.put("status", e.status().jsonName());
        m.put("statusReason", e.statusReason());
        m.put("generation", e.generation());
        m.put("run", e.runId());
        m.put("created", TIME.format(e.created()));
        archive.clustering().map(c -> c.labels().get(e.id())).ifPresent(label -> m.put("cluster", label.toString()));
        m.put("promotable", e.status() == Status.EVALUATED || e.status() == Status.RENDERED);
        m.put("rateable", e.rateable());
        m.putAll(ratingModel(e.rating()));
        m.put("note", e.rating() == null ? "" : e.rating().note());
        m.put("ratingText", e.rating() == null ? "not rated" : describe(e.rating()));
        if (!e.descriptor().isEmpty()) {
            List<String> features = List.copyOf(e.descriptor().keySet());
            io.equilibria.archive.Preference model = io.equilibria.archive.Preference.fit(
                    io.equilibria.archive.Preference.ratedIn(archive, features), features);
            if (model != null) {
                m.put("predicted", model.reason(io.equilibria.archive.Preference.vector(e.descriptor(), features)));
            }
        }
        nextAfter(e.id()).ifPresent(next -> m.put("nextId", next));
        if ("1".equals(ctx.queryParam("promoted"))) {
            m.put("notice", "Promoted: it waits in the queue for `equilibria promote --queue`.");
        }
        Blob sheetA = e.files().get(Entry.SHEET_A);
        Blob sheetB = e.files().get(Entry.SHEET_B);
        m.put("sheetA", sheetA != null ? "/blob/" + sheetA.name() : "/thumb/" + e.id() + "/a");
        m.put("sheetB", sheetB != null ? "/blob/" + sheetB.name() : "/thumb/" + e.id() + "/b");
        m.put("stability", e.stability() == null ? "–" : number(e.stability().value()));
        m.put("verdict", e.stability() == null ? "" : e.stability().verdict());
        m.put("stabilityReason", e.stability() == null ? "not evaluated" : e.stability().reason());
        m.put("novelty", e.novelty() == null ? "–" : number(e.novelty().value()));
        m.put("noveltyReason", e.novelty() == null ? "" : e.novelty().reason());
        m.put("parents", e.parents());
        m.put("children", archive.children(e.id()));
        List<Map<String, Object>> files = new ArrayList<>();
        e.files().forEach((role, blob) -> files.add(Map.of("role", role, "size", io.equilibria.archive.Stats.humanBytes(blob.bytes()),
                "download", role + "." + blob.extension(),
                "url", "/blob/" + blob.name() + "?download=" + URLEncoder.encode(role + "." + blob.extension(),
                        StandardCharsets.UTF_8))));
        m.put("files", files);
        m.put("genome", pretty(e.genome()));
        m.put("runConfig", pretty(e.run()));
        m.put("summary", e.telemetry() == null ? "" : pretty(e.telemetry()));
        List<Map<String, Object>> descriptor = new ArrayList<>();
        e.descriptor().forEach((name, value) -> descriptor.add(Map.of("name", name, "value",
                String.format(Locale.ROOT, "%.4g", value))));
        m.put("descriptor", descriptor);
        List<Map<String, Object>> charts = new ArrayList<>();
        Blob trace = e.files().get(Entry.TELEMETRY);
        if (trace != null) {
            for (String group : TelemetryCharts.GROUPS.keySet()) {
                charts.add(Map.of("name", group, "url", "/entry/" + e.id() + "/chart/" + group + ".png"));
            }
        }
        m.put("charts", charts);
        render(ctx, "entry", m);
    }

    private static String pretty(Object value) {
        try {
            return ArchiveJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }

    private static String describe(Rating r) {
        return r.words() + " (" + TIME.format(r.at()) + ")";
    }

    /** The entry after {@code id} in the gallery's first order (combined score, best first). */
    private Optional<String> nextAfter(String id) {
        List<Row> all = archive.rows(new Query(Sort.SCORE, false, null, null, 0, Integer.MAX_VALUE)).rows();
        for (int i = 0; i < all.size() - 1; i++) {
            if (all.get(i).id().equals(id)) {
                return Optional.of(all.get(i + 1).id());
            }
        }
        return Optional.empty();
    }

    private boolean tokenOk(Context ctx) {
        String given = ctx.formParam("token");
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            error(ctx, 403, "Forbidden", "This form did not come from this browser session's pages (or the server was"
                    + " restarted): reload the page and try again.");
            return false;
        }
        return true;
    }

    private void rate(Context ctx) {
        if (!tokenOk(ctx)) {
            return;
        }
        Entry e = resolve(ctx.pathParam("id"));
        String action = ctx.formParam("do");
        Rating.Change change;
        if (action == null) {
            throw new BadRequest("no rating given (do=stars:N, favourite, unfavourite, reject, clear or note)");
        } else if (action.startsWith("stars:")) {
            Integer n = parseInt(action.substring("stars:".length()), "stars", 1, 5);
            change = Rating.Change.ofStars(n);
        } else {
            change = switch (action) {
                case "favourite" -> Rating.Change.asFavourite();
                case "unfavourite" -> new Rating.Change(null, false, null, null, false);
                case "reject" -> Rating.Change.asRejected();
                case "clear" -> new Rating.Change(null, null, null, null, true);
                case "note" -> new Rating.Change(null, null, null, Optional.ofNullable(ctx.formParam("note")).orElse(""),
                        false);
                default -> throw new BadRequest("\"" + action + "\" is not a rating (stars:N, favourite, unfavourite,"
                        + " reject, clear, note)");
            };
        }
        archive.rate(e.id(), change);
        String back = ctx.formParam("back");
        if ("1".equals(ctx.formParam("next"))) {
            Optional<String> next = nextAfter(e.id());
            back = next.map(n -> "/entry/" + n).orElse("/entry/" + e.id());
        }
        // Only a path of this server: never a redirect elsewhere.
        if (back == null || !back.startsWith("/") || back.startsWith("//") || back.contains("\\")) {
            back = "/entry/" + e.id();
        }
        ctx.redirect(back, HttpStatus.SEE_OTHER);
    }

    /** The command that breeds a new run from the checked finds (a search runs in its own process). */
    private void breed(Context ctx) {
        List<String> ids = ctx.queryParams("id");
        if (ids.isEmpty()) {
            throw new BadRequest("no finds checked: tick \"breed\" on the gallery's cards first");
        }
        if (ids.size() > 100) {
            throw new BadRequest("at most 100 finds at once");
        }
        List<Map<String, Object>> chosen = new ArrayList<>();
        List<String> full = new ArrayList<>();
        for (String id : ids) {
            Entry e = resolve(id);
            full.add(e.id());
            chosen.add(Map.of("id", e.id()));
        }
        Map<String, Object> m = page("Breed", "gallery");
        m.put("count", full.size());
        m.put("one", full.size() == 1);
        m.put("chosen", chosen);
        String run = "bred-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneId.systemDefault())
                .format(java.time.Instant.now());
        m.put("command", "./equilibria evolve --from " + String.join(",", full) + " --run " + run + " --archive "
                + archive.file().toAbsolutePath());
        render(ctx, "breed", m);
    }

    private void lineage(Context ctx) {
        Entry e = resolve(ctx.pathParam("id"));
        Lineage tree = Lineage.of(archive, e.id(), 6, 4, 60);
        Map<String, Object> m = page("Lineage of " + e.id(), "gallery");
        m.put("id", e.id());
        m.put("ancestors", tree.ancestors());
        m.put("descendants", tree.descendants());
        m.put("svg", tree.svg());
        render(ctx, "lineage", m);
    }

    /** Candidates of a comparison: the best living, evaluated finds by combined score. */
    static final int COMPARE_POOL = 200;
    static final int COMPARE_SHOWN = 4;

    /**
     * Four finds to compare, chosen to be informative: the model's predictions of them are close
     * (the eight nearest in prediction to a random one of the pool), and among those the four
     * farthest apart in descriptor space (greedy farthest points).
     */
    private void compare(Context ctx) {
        boolean worst = "1".equals(ctx.queryParam("worst"));
        List<io.equilibria.archive.cluster.BehaviourMap.Find> pool = new ArrayList<>();
        for (var e : livingFinds()) { // best first; refreshed in the background
            if (pool.size() == COMPARE_POOL) {
                break;
            }
            if (Row.rateable(e.status())) {
                pool.add(e);
            }
        }
        Map<String, Object> m = page("Compare", "compare");
        m.put("answered", archive.comparisons().size());
        m.put("worst", worst);
        m.put("question", worst ? "worst" : "best");
        if (pool.size() < 2) {
            m.put("shown", List.of());
            m.put("shownIds", "");
            render(ctx, "compare", m);
            return;
        }
        List<String> features = List.copyOf(pool.getFirst().descriptor().keySet());
        io.equilibria.archive.Preference model = io.equilibria.archive.Preference.fit(
                io.equilibria.archive.Preference.ratedIn(archive, features), features);
        Map<String, double[]> vectors = new HashMap<>();
        Map<String, Double> predicted = new HashMap<>();
        for (var e : pool) {
            double[] v = io.equilibria.archive.Preference.vector(e.descriptor(), features);
            vectors.put(e.id(), v);
            predicted.put(e.id(), model == null ? 3 : model.predict(v));
        }
        double[] spread = io.equilibria.archive.Preference.spread(List.copyOf(vectors.values()), 1e-6);
        java.util.Random random = new java.util.Random();
        var anchor = pool.get(random.nextInt(pool.size()));
        var close = new ArrayList<>(pool);
        close.sort(java.util.Comparator.comparingDouble(e -> Math.abs(predicted.get(e.id()) - predicted.get(anchor.id()))));
        List<io.equilibria.archive.cluster.BehaviourMap.Find> nearest = close.subList(0,
                Math.min(2 * COMPARE_SHOWN, close.size()));
        List<io.equilibria.archive.cluster.BehaviourMap.Find> shown = new ArrayList<>(List.of(anchor));
        while (shown.size() < Math.min(COMPARE_SHOWN, nearest.size())) {
            io.equilibria.archive.cluster.BehaviourMap.Find far = null;
            double farthest = -1;
            for (var c : nearest) {
                if (shown.contains(c)) {
                    continue;
                }
                double gap = Double.MAX_VALUE;
                for (var chosen : shown) {
                    gap = Math.min(gap, io.equilibria.archive.Preference.distance(vectors.get(c.id()),
                            vectors.get(chosen.id()), spread));
                }
                if (gap > farthest) {
                    farthest = gap;
                    far = c;
                }
            }
            shown.add(far);
        }
        List<Map<String, Object>> cards = new ArrayList<>();
        for (var e : shown) {
            cards.add(Map.of("id", e.id(), "short", e.id().substring(0, 10), "predicted", model == null ? ""
                    : String.format(Locale.ROOT, "predicted %.1f", predicted.get(e.id()))));
        }
        m.put("shown", cards);
        m.put("shownIds", String.join(",", shown.stream().map(io.equilibria.archive.cluster.BehaviourMap.Find::id).toList()));
        render(ctx, "compare", m);
    }

    private void answer(Context ctx) {
        if (!tokenOk(ctx)) {
            return;
        }
        String shownText = Optional.ofNullable(ctx.formParam("shown")).orElse("");
        List<String> shown = new ArrayList<>();
        for (String id : shownText.split(",")) {
            if (!id.isBlank()) {
                shown.add(resolve(id.trim()).id());
            }
        }
        String chosen = ctx.formParam("chosen");
        if (chosen == null) {
            throw new BadRequest("no find chosen");
        }
        archive.compare(new io.equilibria.archive.Comparison(shown, resolve(chosen).id(), "1".equals(ctx.formParam("worst")),
                java.time.Instant.now()));
        ctx.redirect("1".equals(ctx.formParam("worst")) ? "/compare?worst=1" : "/compare", HttpStatus.SEE_OTHER);
    }

    private List<io.equilibria.archive.cluster.BehaviourMap.Find> livingFinds() {
        return livingFinds.get();
    }

    private void map(Context ctx) {
        List<io.equilibria.archive.cluster.BehaviourMap.Find> living = livingFinds();
        List<String> features = living.isEmpty() ? List.of() : List.copyOf(living.getFirst().descriptor().keySet());
        String x = Optional.ofNullable(blankToNull(ctx.queryParam("x"))).orElse(features.contains("a_colourfulness")
                ? "a_colourfulness" : features.isEmpty() ? "" : features.getFirst());
        String y = Optional.ofNullable(blankToNull(ctx.queryParam("y"))).orElse(features.contains("a_spectral_slope")
                ? "a_spectral_slope" : features.size() > 1 ? features.get(1) : x);
        var by = io.equilibria.archive.cluster.BehaviourMap.By.parse(ctx.queryParam("by"));
        if (by == null) {
            throw new BadRequest("by \"" + ctx.queryParam("by") + "\" is not score or preference");
        }
        if (!living.isEmpty() && (!features.contains(x) || !features.contains(y))) {
            throw new BadRequest("\"" + (features.contains(x) ? y : x) + "\" is not a descriptor feature");
        }
        io.equilibria.archive.Preference model = by == io.equilibria.archive.cluster.BehaviourMap.By.PREFERENCE
                ? io.equilibria.archive.Preference.fit(io.equilibria.archive.Preference.ratedIn(archive, features), features)
                : null;
        int bins = io.equilibria.archive.cluster.BehaviourMap.DEFAULT_BINS;
        var grid = io.equilibria.archive.cluster.BehaviourMap.of(living, x, y, bins, by, model);
        Map<String, Object> m = page("Map", "map");
        m.put("filled", grid.filled());
        m.put("cellCount", bins * bins);
        m.put("coverage", String.format(Locale.ROOT, "%.0f%%", 100 * grid.coverage()));
        m.put("finds", grid.finds());
        m.put("xs", options(features, x));
        m.put("ys", options(features, y));
        m.put("byPreference", by == io.equilibria.archive.cluster.BehaviourMap.By.PREFERENCE);
        m.put("x", x);
        m.put("y", y);
        m.put("xLow", String.format(Locale.ROOT, "%.3g", grid.xRange()[0]));
        m.put("xHigh", String.format(Locale.ROOT, "%.3g", grid.xRange()[1]));
        m.put("yLow", String.format(Locale.ROOT, "%.3g", grid.yRange()[0]));
        m.put("yHigh", String.format(Locale.ROOT, "%.3g", grid.yRange()[1]));
        List<Map<String, Object>> rows = new ArrayList<>();
        double yStep = (grid.yRange()[1] - grid.yRange()[0]) / bins;
        for (int r = 0; r < bins; r++) {
            List<Map<String, Object>> cells = new ArrayList<>();
            for (int c = 0; c < bins; c++) {
                Map<String, Object> cell = new HashMap<>();
                if (grid.cells()[r][c] != null) {
                    cell.put("id", grid.cells()[r][c]);
                }
                cells.add(cell);
            }
            rows.add(Map.of("label", String.format(Locale.ROOT, "%.3g", grid.yRange()[1] - r * yStep), "cells", cells));
        }
        m.put("rows", rows);
        double xStep = (grid.xRange()[1] - grid.xRange()[0]) / bins;
        List<String> columns = new ArrayList<>();
        for (int c = 0; c < bins; c++) {
            columns.add(String.format(Locale.ROOT, "%.3g", grid.xRange()[0] + c * xStep));
        }
        m.put("columns", columns);
        render(ctx, "map", m);
    }

    private void keys(Context ctx) throws IOException {
        try (var in = BrowseServer.class.getResourceAsStream("/browse/keys.js")) {
            ctx.contentType("text/javascript; charset=utf-8");
            ctx.header("Cache-Control", "max-age=3600");
            ctx.result(in.readAllBytes());
        }
    }

    private void promote(Context ctx) {
        if (!tokenOk(ctx)) {
            return;
        }
        Entry e = resolve(ctx.pathParam("id"));
        if (!"yes".equals(ctx.formParam("confirm"))) {
            Map<String, Object> m = page("Promote " + e.id(), "gallery");
            m.put("id", e.id());
            render(ctx, "confirm", m);
            return;
        }
        archive.promote(e.id());
        ctx.redirect("/entry/" + e.id() + "?promoted=1", HttpStatus.SEE_OTHER);
    }

    private void chart(Context ctx) {
        Entry e = resolve(ctx.pathParam("id"));
        String group = ctx.pathParam("group").replaceFirst("\\.png$", "");
        if (!TelemetryCharts.GROUPS.containsKey(group)) {
            throw new NotFound("no chart \"" + group + "\" (there are " + String.join(", ", TelemetryCharts.GROUPS.keySet())
                    + ")");
        }
        Blob trace = e.files().get(Entry.TELEMETRY);
        if (trace == null) {
            throw new NotFound("entry " + e.id() + " has no telemetry");
        }
        ctx.contentType("image/png");
        ctx.header("Cache-Control", "max-age=3600");
        ctx.result(TelemetryCharts.png(archive.blobPath(trace), group));
    }

    private void thumbnail(Context ctx) {
        String id = ctx.pathParam("id");
        String side = ctx.pathParam("side");
        if (!id.matches("[0-9a-f]{16}") || !(side.equals("a") || side.equals("b"))) {
            throw new BadRequest("a thumbnail is /thumb/ID/a or /thumb/ID/b");
        }
        byte[] png = archive.thumbnail(id, side.charAt(0))
                .orElseThrow(() -> new NotFound("entry " + id + " has no thumbnail of " + side));
        ctx.contentType("image/png");
        ctx.header("Cache-Control", "max-age=600");
        ctx.result(png);
    }

    private void blob(Context ctx) {
        String name = ctx.pathParam("name");
        if (!Blob.isName(name)) {
            throw new BadRequest("\"" + name + "\" is not a blob name (a content hash and an extension)");
        }
        Path dir = archive.blobPath(new Blob(name, 0)).getParent().toAbsolutePath().normalize();
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
            throw new NotFound("no blob " + name);
        }
        String extension = name.substring(name.indexOf('.') + 1);
        ctx.contentType(switch (extension) {
            case "png" -> "image/png";
            case "csv" -> "text/csv; charset=utf-8";
            case "zip" -> "application/zip";
            case "mp4" -> "video/mp4";
            case "json" -> "application/json";
            default -> "application/octet-stream";
        });
        String download = ctx.queryParam("download");
        if (download != null) {
            String safe = download.replaceAll("[^A-Za-z0-9._-]", "_");
            ctx.header("Content-Disposition", "attachment; filename=\"" + safe + "\"");
        }
        ctx.header("Cache-Control", "max-age=86400, immutable");
        try {
            ctx.result(Files.newInputStream(file));
        } catch (IOException e) {
            throw new NotFound("blob " + name + " cannot be read");
        }
    }

    private void pareto(Context ctx) {
        List<Row> rows = archive.rows(new Query(Sort.STABILITY, false, null, null, 0, Integer.MAX_VALUE)).rows()
                .stream().filter(r -> !Double.isNaN(r.stability()) && !Double.isNaN(r.novelty())).toList();
        // Sorted by stability, highest first: a row is on the front when no row before it is more novel.
        Set<String> front = new TreeSet<>();
        double bestNovelty = Double.NEGATIVE_INFINITY;
        List<Map<String, Object>> frontRows = new ArrayList<>();
        for (Row r : rows) {
            if (r.novelty() > bestNovelty) {
                bestNovelty = r.novelty();
                front.add(r.id());
                frontRows.add(Map.of("id", r.id(), "stability", number(r.stability()), "novelty", number(r.novelty()),
                        "status", r.status().jsonName()));
            }
        }
        List<Scatter.Point> points = new ArrayList<>();
        for (Row r : rows) {
            boolean onFront = front.contains(r.id());
            points.add(new Scatter.Point(r.stability(), r.novelty(), onFront ? "#f0b34a" : colour(r.status()), onFront,
                    "/entry/" + r.id(), r.id() + " · " + r.status().jsonName() + " · " + r.verdict()));
        }
        Map<String, Object> m = page("Pareto", "pareto");
        m.put("count", rows.size());
        m.put("svg", Scatter.svg(points, "stability", "novelty"));
        m.put("front", frontRows);
        render(ctx, "pareto", m);
    }

    private static String colour(Status s) {
        return switch (s) {
            case PROMOTED, TRAINING, RENDERING -> "#e377c2";
            case RENDERED -> "#2ca02c";
            case FAILED -> "#d62728";
            default -> "#6fa8dc";
        };
    }

    private static String hex(java.awt.Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private void clusters(Context ctx) {
        Map<String, Object> m = page("Clusters", "clusters");
        archive.clustering().ifPresent(c -> {
            Map<String, Object> cm = new HashMap<>();
            cm.put("k", c.k());
            cm.put("entries", c.labels().size());
            cm.put("on", c.on());
            cm.put("silhouette", String.format(Locale.ROOT, "%.3f", c.silhouette()));
            cm.put("automatic", c.automatic());
            List<Integer> tried = List.copyOf(c.silhouetteByK().keySet());
            cm.put("tried", tried.isEmpty() ? "" : tried.getFirst() + ".." + tried.getLast());
            cm.put("components70", c.componentsFor70());
            cm.put("created", TIME.format(c.created()));
            cm.put("seed", c.seed());
            List<Scatter.Point> points = new ArrayList<>();
            c.coordinates().forEach((id, xyz) -> {
                int label = c.labels().getOrDefault(id, 0);
                points.add(new Scatter.Point(xyz.get(0), xyz.size() > 1 ? xyz.get(1) : 0,
                        hex(ClusterPictures.colour(label)), false, "/entry/" + id, id + " · cluster " + label));
            });
            cm.put("svg", Scatter.svg(points, "PC1", "PC2"));
            List<Map<String, Object>> groups = new ArrayList<>();
            c.members().forEach((label, ids) -> groups.add(Map.of("label", label, "size", ids.size(),
                    "colour", hex(ClusterPictures.colour(label)), "members", ids.subList(0, Math.min(ids.size(), 40)))));
            cm.put("groups", groups);
            m.put("clustering", cm);
        });
        render(ctx, "clusters", m);
    }

    private void canvas(Context ctx) {
        Integer label = parseInt(ctx.pathParam("label"), "cluster", 0, 10_000);
        List<String> members = archive.clustering().map(c -> c.members().get(label))
                .orElseThrow(() -> new NotFound("no cluster " + label + " (run equilibria cluster)"));
        ctx.contentType("image/png");
        ctx.result(ClusterPictures.canvasPng(archive, members));
    }

    private void live(Context ctx) {
        Map<String, Object> m = page("Live", "live");
        m.put("refresh", LIVE_REFRESH_SECONDS);
        List<SearchRun> searchRuns = archive.runs();
        boolean owned = archive instanceof SharedArchive shared ? shared.throughOwner()
                : !(archive instanceof io.equilibria.archive.Archive);
        m.put("owner", owned ? "A running search owns this archive: this page shows what it has committed."
                : "No search owns this archive now (start one with equilibria evolve; this page follows it).");
        List<Map<String, Object>> runs = new ArrayList<>();
        for (SearchRun r : searchRuns) {
            Map<String, Object> rm = new HashMap<>();
            rm.put("name", r.name());
            rm.put("generation", r.generation());
            JsonNode generations = r.config() == null ? null : r.config().get("generations");
            if (generations != null && generations.isNumber()) {
                rm.put("generations", generations.asInt());
            }
            rm.put("population", r.population().size());
            rm.put("noveltyArchive", r.noveltyArchive().size());
            rm.put("threshold", String.format(Locale.ROOT, "%.3f", r.noveltyThreshold()));
            JsonNode yields = r.state() == null ? null : r.state().get("yields");
            List<String> y = new ArrayList<>();
            if (yields != null) {
                yields.forEach(v -> y.add(String.format(Locale.ROOT, "%.0f%%", 100 * v.asDouble())));
            }
            rm.put("yields", y.isEmpty() ? "–" : String.join(" → ", y));
            rm.put("updated", TIME.format(r.updated()) + " (" + ago(r.updated()) + ")");
            runs.add(rm);
        }
        m.put("runs", runs);
        List<Map<String, Object>> recent = new ArrayList<>();
        for (Row r : archive.rows(new Query(Sort.CREATED, false, null, null, 0, 24)).rows()) {
            recent.add(card(r, "/live"));
        }
        m.put("recent", recent);
        workers(m);
        render(ctx, "live", m);
    }

    /**
     * The workers of a search that trains on worker processes: the coordinator writes their state
     * to {@code ARCHIVE.workers.json} whenever it changes (and removes it when the search ends).
     */
    private void workers(Map<String, Object> m) {
        java.nio.file.Path file = java.nio.file.Path.of(archive.file() + ".workers.json");
        JsonNode status;
        try {
            status = io.equilibria.archive.ArchiveJson.mapper().readTree(java.nio.file.Files.readAllBytes(file));
        } catch (java.io.IOException | RuntimeException e) {
            return; // no workers: a search on one device, or none running
        }
        long pid = status.path("pid").asLong();
        boolean alive = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        m.put("cluster", Map.of("coordinator", status.path("coordinator").asText(), "updated",
                ago(Instant.parse(status.path("updated").asText(Instant.now().toString()))), "stale", !alive));
        List<Map<String, Object>> members = new ArrayList<>();
        double perHour = 0;
        for (JsonNode w : status.path("workers")) {
            Map<String, Object> wm = new HashMap<>();
            wm.put("name", w.path("name").asText());
            wm.put("device", w.path("device").asText());
            wm.put("host", w.path("host").asText());
            wm.put("state", w.path("state").asText());
            String task = w.path("task").isTextual() ? w.path("task").asText() : null;
            if (task != null) {
                wm.put("task", task);
                wm.put("taskShort", task.substring(0, Math.min(8, task.length())));
                wm.put("since", ago(Instant.parse(w.path("since").asText())));
            }
            wm.put("done", w.path("done").asInt());
            double seconds = w.path("secondsPerIndividual").asDouble(Double.NaN);
            wm.put("pace", Double.isFinite(seconds) ? String.format(Locale.ROOT, "%.1f s each, %.0f per hour", seconds,
                    3600 / seconds) : "–");
            if (Double.isFinite(seconds) && seconds > 0) {
                perHour += 3600 / seconds;
            }
            members.add(wm);
        }
        m.put("workers", members);
        m.put("throughput", members.isEmpty() ? "–" : String.format(Locale.ROOT, "%.0f individuals per hour", perHour));
        List<String> refused = new ArrayList<>();
        status.path("refused").forEach(r -> refused.add(r.asText()));
        m.put("refused", refused);
    }

    private static String ago(Instant then) {
        long s = Math.max(0, Duration.between(then, Instant.now()).toSeconds());
        return s < 120 ? s + " s ago" : s < 7200 ? s / 60 + " min ago" : s / 3600 + " h ago";
    }

    // ------------------------------------------------------------------ parameters

    private static Sort parseSort(String text) {
        if (text == null || text.isBlank()) {
            return Sort.SCORE;
        }
        Sort sort = Sort.parse(text);
        if (sort == null) {
            throw new BadRequest("sort: \"" + text + "\" is not one of " + Sort.names());
        }
        return sort;
    }

    private static Status parseStatus(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Status s = Status.parse(text);
        if (s == null) {
            throw new BadRequest("status: \"" + text + "\" is not one of " + Status.names());
        }
        return s;
    }

    private static String parseVerdict(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (!Entry.VERDICTS.contains(text)) {
            throw new BadRequest("verdict: \"" + text + "\" is not one of " + String.join(", ", Entry.VERDICTS));
        }
        return text;
    }

    private static Integer parseInt(String text, String name, int min, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v < min || v > max) {
                throw new BadRequest(name + ": " + v + " is not between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadRequest(name + ": \"" + text + "\" is not a number");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** A request the server cannot make sense of: 400. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** Nothing there: 404. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
