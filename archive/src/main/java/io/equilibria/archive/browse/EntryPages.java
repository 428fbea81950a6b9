package io.equilibria.archive.browse;

import io.equilibria.archive.Blob;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Rating;
import io.equilibria.archive.Status;
import io.equilibria.archive.browse.Params.BadRequest;
import io.equilibria.archive.browse.Params.NotFound;
import io.equilibria.config.Side;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An entry and what hangs off it: its page, lineage, telemetry charts, thumbnails, blobs, the
 * keyboard script and promotion (a POST with the page token).
 */
final class EntryPages {
    private final Site site;

    EntryPages(Site site) {
        this.site = site;
    }

    void entry(Context ctx) {
        Entry e = site.resolve(ctx.pathParam("id"));
        if (!e.id().equals(ctx.pathParam("id"))) {
            ctx.redirect("/entry/" + e.id(), HttpStatus.SEE_OTHER);
            return;
        }
        Map<String, Object> m = site.page("Entry " + e.id(), "gallery");
        m.put("id", e.id());
        m.put("status", e.status().jsonName());
        m.put("statusReason", e.statusReason());
        m.put("generation", e.generation());
        m.put("run", e.runId());
        m.put("created", Site.TIME.format(e.created()));
        site.archive.clustering().map(c -> c.labels().get(e.id())).ifPresent(label -> m.put("cluster", label.toString()));
        m.put("promotable", e.promotable());
        m.put("rateable", e.rateable());
        m.putAll(Site.ratingModel(e.rating()));
        m.put("note", e.rating() == null ? "" : e.rating().note());
        m.put("ratingText", e.rating() == null ? "not rated" : describe(e.rating()));
        if (!e.descriptor().isEmpty()) {
            List<String> features = List.copyOf(e.descriptor().keySet());
            io.equilibria.archive.Preference model = io.equilibria.archive.Preference.fit(site.archive, features);
            if (model != null) {
                m.put("predicted", model.reason(io.equilibria.archive.Preference.vector(e.descriptor(), features)));
            }
        }
        site.nextAfter(e.id()).ifPresent(next -> m.put("nextId", next));
        if ("1".equals(ctx.queryParam("promoted"))) {
            m.put("notice", "Promoted: it waits in the queue for `equilibria promote --queue`.");
        }
        Blob sheetA = e.files().get(Entry.SHEET_A);
        Blob sheetB = e.files().get(Entry.SHEET_B);
        m.put("sheetA", sheetA != null ? "/blob/" + sheetA.name() : "/thumb/" + e.id() + "/a");
        m.put("sheetB", sheetB != null ? "/blob/" + sheetB.name() : "/thumb/" + e.id() + "/b");
        m.put("stability", e.stability() == null ? "–" : Site.number(e.stability().value()));
        m.put("verdict", e.stability() == null ? "" : e.stability().verdict());
        m.put("stabilityReason", e.stability() == null ? "not evaluated" : e.stability().reason());
        m.put("novelty", e.novelty() == null ? "–" : Site.number(e.novelty().value()));
        m.put("noveltyReason", e.novelty() == null ? "" : e.novelty().reason());
        m.put("parents", e.parents());
        m.put("children", site.archive.children(e.id()));
        List<Map<String, Object>> files = new ArrayList<>();
        e.files().forEach((role, blob) -> files.add(Map.of("role", role, "size", io.equilibria.archive.Stats.humanBytes(blob.bytes()),
                "download", role + "." + blob.extension(),
                "url", "/blob/" + blob.name() + "?download=" + URLEncoder.encode(role + "." + blob.extension(),
                        StandardCharsets.UTF_8))));
        m.put("files", files);
        m.put("genome", Site.pretty(e.genome()));
        m.put("runConfig", Site.pretty(e.run()));
        m.put("summary", e.telemetry() == null ? "" : Site.pretty(e.telemetry()));
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
        site.render(ctx, "entry", m);
    }

    static String describe(Rating r) {
        return r.words() + " (" + Site.TIME.format(r.at()) + ")";
    }


    void lineage(Context ctx) {
        Entry e = site.resolve(ctx.pathParam("id"));
        Lineage tree = Lineage.of(site.archive, e.id(), 6, 4, 60);
        Map<String, Object> m = site.page("Lineage of " + e.id(), "gallery");
        m.put("id", e.id());
        m.put("ancestors", tree.ancestors());
        m.put("descendants", tree.descendants());
        m.put("svg", tree.svg());
        site.render(ctx, "lineage", m);
    }

    void chart(Context ctx) {
        Entry e = site.resolve(ctx.pathParam("id"));
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
        ctx.result(TelemetryCharts.png(site.archive.blobPath(trace), group));
    }

    void thumbnail(Context ctx) {
        String id = ctx.pathParam("id");
        String side = ctx.pathParam("side");
        if (!id.matches("[0-9a-f]{16}") || !(side.equals("a") || side.equals("b"))) {
            throw new BadRequest("a thumbnail is /thumb/ID/a or /thumb/ID/b");
        }
        byte[] png = site.archive.thumbnail(id, Side.of(side))
                .orElseThrow(() -> new NotFound("entry " + id + " has no thumbnail of " + side));
        ctx.contentType("image/png");
        ctx.header("Cache-Control", "max-age=600");
        ctx.result(png);
    }

    void blob(Context ctx) {
        String name = ctx.pathParam("name");
        if (!Blob.isName(name)) {
            throw new BadRequest("\"" + name + "\" is not a blob name (a content hash and an extension)");
        }
        Path dir = site.archive.blobPath(new Blob(name, 0)).getParent().toAbsolutePath().normalize();
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

    void keys(Context ctx) throws IOException {
        try (var in = BrowseServer.class.getResourceAsStream("/browse/keys.js")) {
            ctx.contentType("text/javascript; charset=utf-8");
            ctx.header("Cache-Control", "max-age=3600");
            ctx.result(in.readAllBytes());
        }
    }

    void promote(Context ctx) {
        if (!site.tokenOk(ctx)) {
            return;
        }
        Entry e = site.resolve(ctx.pathParam("id"));
        if (!"yes".equals(ctx.formParam("confirm"))) {
            Map<String, Object> m = site.page("Promote " + e.id(), "gallery");
            m.put("id", e.id());
            site.render(ctx, "confirm", m);
            return;
        }
        site.archive.promote(e.id());
        ctx.redirect("/entry/" + e.id() + "?promoted=1", HttpStatus.SEE_OTHER);
    }
}
