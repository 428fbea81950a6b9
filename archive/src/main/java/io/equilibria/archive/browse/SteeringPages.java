package io.equilibria.archive.browse;

import io.equilibria.archive.Entry;
import io.equilibria.archive.Rating;
import io.equilibria.archive.Row;
import io.equilibria.archive.browse.Params.BadRequest;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The artist steering the search: ratings (POST with the page token), the compare page and its
 * answers, the MAP-Elites map and the breed page.
 */
final class SteeringPages {
    /** Candidates of a comparison: the best living, evaluated finds by combined score. */
    static final int COMPARE_POOL = 200;
    static final int COMPARE_SHOWN = 4;

    private final Site site;

    SteeringPages(Site site) {
        this.site = site;
    }

    void rate(Context ctx) {
        if (!site.tokenOk(ctx)) {
            return;
        }
        Entry e = site.resolve(ctx.pathParam("id"));
        String action = ctx.formParam("do");
        Rating.Change change;
        if (action == null) {
            throw new BadRequest("no rating given (do=stars:N, favourite, unfavourite, reject, clear or note)");
        } else if (action.startsWith("stars:")) {
            Integer n = Params.parseInt(action.substring("stars:".length()), "stars", 1, 5);
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
        site.archive.rate(e.id(), change);
        String back = ctx.formParam("back");
        if ("1".equals(ctx.formParam("next"))) {
            Optional<String> next = site.nextAfter(e.id());
            back = next.map(n -> "/entry/" + n).orElse("/entry/" + e.id());
        }
        // Only a path of this server: never a redirect elsewhere.
        if (back == null || !back.startsWith("/") || back.startsWith("//") || back.contains("\\")) {
            back = "/entry/" + e.id();
        }
        ctx.redirect(back, HttpStatus.SEE_OTHER);
    }

    /** The command that breeds a new run from the checked finds (a search runs in its own process). */
    void breed(Context ctx) {
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
            Entry e = site.resolve(id);
            full.add(e.id());
            chosen.add(Map.of("id", e.id()));
        }
        Map<String, Object> m = site.page("Breed", "gallery");
        m.put("count", full.size());
        m.put("one", full.size() == 1);
        m.put("chosen", chosen);
        String run = "bred-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneId.systemDefault())
                .format(java.time.Instant.now());
        m.put("command", "./equilibria evolve --from " + String.join(",", full) + " --run " + run + " --archive "
                + site.archive.file().toAbsolutePath());
        m.put("run", run);
        m.put("ids", String.join(",", full));
        m.put("canStart", site.breeder != null);
        site.render(ctx, "breed", m);
    }

    /** A run name the breed form may start: letters, digits, '.', '_' and '-'. */
    private static final java.util.regex.Pattern RUN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The breed page's button (a POST with the page token): starts the run, then says where to follow it. */
    void startBreeding(Context ctx) {
        if (!site.tokenOk(ctx)) {
            return;
        }
        if (site.breeder == null) {
            throw new BadRequest("this browser cannot start runs: run the page's command instead");
        }
        String run = ctx.formParam("run");
        if (run == null || !RUN_NAME.matcher(run).matches()) {
            throw new BadRequest("run: \"" + run + "\" is not a run name (letters, digits, '.', '_' and '-', up to 64)");
        }
        if (site.archive.run(run).isPresent()) {
            throw new BadRequest("run: " + run + " exists already; choose another name");
        }
        String idText = ctx.formParam("ids");
        List<String> ids = new ArrayList<>();
        for (String id : (idText == null ? "" : idText).split(",")) {
            Entry e = site.resolve(id.strip());
            if (!e.breedable()) {
                throw new BadRequest("entry " + e.id() + " is pending: it has not been trained yet");
            }
            ids.add(e.id());
        }
        if (ids.isEmpty() || ids.size() > 100) {
            throw new BadRequest("breed from 1 to 100 finds");
        }
        String started;
        try {
            started = site.breeder.start(ids, run);
        } catch (IllegalStateException e) {
            site.error(ctx, 500, "Not started", e.getMessage());
            return;
        }
        Map<String, Object> m = site.page("Breeding", "gallery");
        m.put("run", run);
        m.put("started", started);
        m.put("count", ids.size());
        site.render(ctx, "bred", m);
    }

    /**
     * Four finds to compare, chosen to be informative: the model's predictions of them are close
     * (the eight nearest in prediction to a random one of the pool), and among those the four
     * farthest apart in descriptor space (greedy farthest points).
     */
    void compare(Context ctx) {
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
        Map<String, Object> m = site.page("Compare", "compare");
        m.put("answered", site.archive.comparisons().size());
        m.put("worst", worst);
        m.put("question", worst ? "worst" : "best");
        if (pool.size() < 2) {
            m.put("shown", List.of());
            m.put("shownIds", "");
            site.render(ctx, "compare", m);
            return;
        }
        List<String> features = List.copyOf(pool.getFirst().descriptor().keySet());
        io.equilibria.archive.Preference model = io.equilibria.archive.Preference.fit(site.archive, features);
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
        site.render(ctx, "compare", m);
    }

    void answer(Context ctx) {
        if (!site.tokenOk(ctx)) {
            return;
        }
        String shownText = Optional.ofNullable(ctx.formParam("shown")).orElse("");
        List<String> shown = new ArrayList<>();
        for (String id : shownText.split(",")) {
            if (!id.isBlank()) {
                shown.add(site.resolve(id.trim()).id());
            }
        }
        String chosen = ctx.formParam("chosen");
        if (chosen == null) {
            throw new BadRequest("no find chosen");
        }
        site.archive.compare(new io.equilibria.archive.Comparison(shown, site.resolve(chosen).id(), "1".equals(ctx.formParam("worst")),
                java.time.Instant.now()));
        ctx.redirect("1".equals(ctx.formParam("worst")) ? "/compare?worst=1" : "/compare", HttpStatus.SEE_OTHER);
    }

    List<io.equilibria.archive.cluster.BehaviourMap.Find> livingFinds() {
        return site.livingFinds.get();
    }

    void map(Context ctx) {
        List<io.equilibria.archive.cluster.BehaviourMap.Find> living = livingFinds();
        List<String> features = living.isEmpty() ? List.of() : List.copyOf(living.getFirst().descriptor().keySet());
        String x = Optional.ofNullable(Params.blankToNull(ctx.queryParam("x"))).orElse(features.contains("a_colourfulness")
                ? "a_colourfulness" : features.isEmpty() ? "" : features.getFirst());
        String y = Optional.ofNullable(Params.blankToNull(ctx.queryParam("y"))).orElse(features.contains("a_spectral_slope")
                ? "a_spectral_slope" : features.size() > 1 ? features.get(1) : x);
        var by = io.equilibria.archive.cluster.BehaviourMap.By.parse(ctx.queryParam("by"));
        if (by == null) {
            throw new BadRequest("by \"" + ctx.queryParam("by") + "\" is not score or preference");
        }
        if (!living.isEmpty() && (!features.contains(x) || !features.contains(y))) {
            throw new BadRequest("\"" + (features.contains(x) ? y : x) + "\" is not a descriptor feature");
        }
        io.equilibria.archive.Preference model = by == io.equilibria.archive.cluster.BehaviourMap.By.PREFERENCE
                ? io.equilibria.archive.Preference.fit(site.archive, features)
                : null;
        int bins = io.equilibria.archive.cluster.BehaviourMap.DEFAULT_BINS;
        var grid = io.equilibria.archive.cluster.BehaviourMap.of(living, x, y, bins, by, model);
        Map<String, Object> m = site.page("Map", "map");
        m.put("filled", grid.filled());
        m.put("cellCount", bins * bins);
        m.put("coverage", String.format(Locale.ROOT, "%.0f%%", 100 * grid.coverage()));
        m.put("finds", grid.finds());
        m.put("xs", Site.options(features, x));
        m.put("ys", Site.options(features, y));
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
        site.render(ctx, "map", m);
    }
}
