package io.equilibria.archive.browse;

import com.fasterxml.jackson.databind.JsonNode;
import io.equilibria.archive.Query;
import io.equilibria.archive.Row;
import io.equilibria.archive.RunState;
import io.equilibria.archive.SearchRun;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import io.equilibria.archive.WorkersStatus;
import io.equilibria.archive.browse.Params.NotFound;
import io.equilibria.archive.cluster.ClusterPictures;
import io.equilibria.archive.cluster.Silhouette;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Views over the whole search: the Pareto view, the clusters and their canvases, and the live
 * view of a running search with its workers.
 */
final class SearchPages {
    private final Site site;

    SearchPages(Site site) {
        this.site = site;
    }

    void pareto(Context ctx) {
        List<Row> rows = site.archive.rows(new Query(Sort.STABILITY, false, null, null, 0, Integer.MAX_VALUE)).rows()
                .stream().filter(r -> !Double.isNaN(r.stability()) && !Double.isNaN(r.novelty())).toList();
        // Sorted by stability, highest first: a row is on the front when no row before it is more novel.
        Set<String> front = new TreeSet<>();
        double bestNovelty = Double.NEGATIVE_INFINITY;
        List<Map<String, Object>> frontRows = new ArrayList<>();
        for (Row r : rows) {
            if (r.novelty() > bestNovelty) {
                bestNovelty = r.novelty();
                front.add(r.id());
                frontRows.add(Map.of("id", r.id(), "stability", Site.number(r.stability()), "novelty", Site.number(r.novelty()),
                        "status", r.status().jsonName()));
            }
        }
        List<Scatter.Point> points = new ArrayList<>();
        for (Row r : rows) {
            boolean onFront = front.contains(r.id());
            points.add(new Scatter.Point(r.stability(), r.novelty(), onFront ? "#f0b34a" : colour(r.status()), onFront,
                    "/entry/" + r.id(), r.id() + " · " + r.status().jsonName() + " · " + r.verdict()));
        }
        Map<String, Object> m = site.page("Pareto", "pareto");
        m.put("count", rows.size());
        m.put("svg", Scatter.svg(points, "stability", "novelty"));
        m.put("front", frontRows);
        site.render(ctx, "pareto", m);
    }

    static String colour(Status s) {
        return switch (s) {
            case PROMOTED, TRAINING, RENDERING -> "#e377c2";
            case RENDERED -> "#2ca02c";
            case FAILED -> "#d62728";
            default -> "#6fa8dc";
        };
    }

    static String hex(java.awt.Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    void clusters(Context ctx) {
        Map<String, Object> m = site.page("Clusters", "clusters");
        site.archive.clustering().ifPresent(c -> {
            Map<String, Object> cm = new HashMap<>();
            cm.put("k", c.k());
            cm.put("entries", c.labels().size());
            cm.put("on", c.on());
            cm.put("silhouette", String.format(Locale.ROOT, "%.3f", c.silhouette()));
            cm.put("reading", Silhouette.reading(c.silhouette()));
            cm.put("automatic", c.automatic());
            List<Integer> tried = List.copyOf(c.silhouetteByK().keySet());
            cm.put("tried", tried.isEmpty() ? "" : tried.getFirst() + ".." + tried.getLast());
            cm.put("components70", c.componentsFor70());
            cm.put("created", Site.TIME.format(c.created()));
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
        site.render(ctx, "clusters", m);
    }

    void canvas(Context ctx) {
        Integer label = Params.parseInt(ctx.pathParam("label"), "cluster", 0, 10_000);
        List<String> members = site.archive.clustering().map(c -> c.members().get(label))
                .orElseThrow(() -> new NotFound("no cluster " + label + " (run equilibria cluster)"));
        ctx.contentType("image/png");
        ctx.result(ClusterPictures.canvasPng(site.archive, members));
    }

    void live(Context ctx) {
        Map<String, Object> m = site.page("Live", "live");
        m.put("refresh", BrowseServer.LIVE_REFRESH_SECONDS);
        List<SearchRun> searchRuns = site.archive.runs();
        boolean owned = site.archive instanceof SharedArchive shared ? shared.throughOwner()
                : !(site.archive instanceof io.equilibria.archive.store.Archive);
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
            List<String> y = new ArrayList<>();
            for (double v : RunState.of(r.state()).yieldValues()) {
                y.add(String.format(Locale.ROOT, "%.0f%%", Double.isNaN(v) ? 0 : 100 * v));
            }
            rm.put("yields", y.isEmpty() ? "–" : String.join(" → ", y));
            rm.put("updated", Site.TIME.format(r.updated()) + " (" + Site.ago(r.updated()) + ")");
            runs.add(rm);
        }
        m.put("runs", runs);
        List<Map<String, Object>> recent = new ArrayList<>();
        for (Row r : site.archive.rows(new Query(Sort.CREATED, false, null, null, 0, 24)).rows()) {
            recent.add(site.card(r, "/live"));
        }
        m.put("recent", recent);
        workers(m);
        site.render(ctx, "live", m);
    }

    /**
     * The workers of a search that trains on worker processes: the coordinator writes their state
     * to {@code ARCHIVE.workers.json} whenever it changes (and removes it when the search ends).
     */
    void workers(Map<String, Object> m) {
        Optional<WorkersStatus> read = WorkersStatus.read(WorkersStatus.fileOf(site.archive.file()));
        if (read.isEmpty()) {
            return; // no workers: a search on one device, or none running
        }
        WorkersStatus status = read.get();
        boolean alive = status.pid() > 0 && ProcessHandle.of(status.pid()).map(ProcessHandle::isAlive).orElse(false);
        m.put("cluster", Map.of("coordinator", status.coordinator() == null ? "" : status.coordinator(), "updated",
                Site.ago(status.updated() == null ? Instant.now() : status.updated()), "stale", !alive));
        List<Map<String, Object>> members = new ArrayList<>();
        double perHour = 0;
        for (WorkersStatus.Worker w : status.workers()) {
            Map<String, Object> wm = new HashMap<>();
            wm.put("name", w.name());
            wm.put("device", w.device());
            wm.put("host", w.host());
            wm.put("state", w.state());
            String task = w.task();
            if (task != null) {
                wm.put("task", task);
                wm.put("taskShort", task.substring(0, Math.min(8, task.length())));
                wm.put("since", Site.ago(w.since()));
            }
            wm.put("done", w.done());
            double seconds = w.secondsPerIndividual();
            wm.put("pace", Double.isFinite(seconds) ? String.format(Locale.ROOT, "%.1f s each, %.0f per hour", seconds,
                    3600 / seconds) : "–");
            if (Double.isFinite(seconds) && seconds > 0) {
                perHour += 3600 / seconds;
            }
            members.add(wm);
        }
        m.put("workers", members);
        m.put("throughput", members.isEmpty() ? "–" : String.format(Locale.ROOT, "%.0f individuals per hour", perHour));
        m.put("refused", status.refused());
    }
}
