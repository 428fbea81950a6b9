package io.equilibria.archive.browse;

import com.samskivert.mustache.Template;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Query;
import io.equilibria.archive.Rating;
import io.equilibria.archive.Row;
import io.equilibria.archive.Sort;
import io.equilibria.archive.browse.Params.BadRequest;
import io.equilibria.config.Json;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
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
 * The parts every page shares: the archive, the page token, the templates and the living finds;
 * the page frame, rendering with the security headers, error pages, token checks, id lookups and
 * number formats.
 */
final class Site {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    final ArchiveView archive;
    final String token;
    final Map<String, Template> templates;
    final LivingFinds livingFinds;
    /** Starts bred runs; null where the browser can only show the command. */
    final Breeder breeder;

    Site(ArchiveView archive, String token, Map<String, Template> templates, LivingFinds livingFinds,
            Breeder breeder) {
        this.archive = archive;
        this.token = token;
        this.templates = templates;
        this.livingFinds = livingFinds;
        this.breeder = breeder;
    }

    Map<String, Object> page(String title, String nav) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", title);
        m.put("nav", Map.of(nav, true));
        m.put("archive", archive.file().toAbsolutePath().toString());
        m.put("token", token);
        return m;
    }

    void render(Context ctx, String template, Map<String, Object> model) {
        ctx.contentType("text/html; charset=utf-8");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:");
        ctx.result(templates.get(template).execute(model));
    }

    void error(Context ctx, int code, String heading, String message) {
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(errorPage(code, heading, message));
        ctx.status(code);
    }

    String errorPage(int code, String heading, String message) {
        Map<String, Object> m = page(code + " " + heading, "none");
        m.put("code", code);
        m.put("heading", heading);
        m.put("message", message);
        return templates.get("error").execute(m);
    }

    boolean tokenOk(Context ctx) {
        String given = ctx.formParam("token");
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            error(ctx, 403, "Forbidden", "This form did not come from this browser session's pages (or the server was"
                    + " restarted): reload the page and try again.");
            return false;
        }
        return true;
    }

    Entry resolve(String idOrPrefix) {
        if (idOrPrefix == null || !idOrPrefix.matches("[0-9a-fA-F]{1,64}")) {
            throw new BadRequest("\"" + idOrPrefix + "\" is not an entry id (hex digits)");
        }
        return archive.resolve(idOrPrefix);
    }

    static String number(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String pretty(Object value) {
        return Json.pretty(value).stripTrailing();
    }

    static String ago(Instant then) {
        long s = Math.max(0, Duration.between(then, Instant.now()).toSeconds());
        return s < 120 ? s + " s ago" : s < 7200 ? s / 60 + " min ago" : s / 3600 + " h ago";
    }

    static List<Map<String, Object>> options(List<String> values, String selected) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String v : values) {
            out.add(Map.of("value", v, "selected", v.equals(selected)));
        }
        return out;
    }

    Map<String, Object> card(Row r, String back) {
        Map<String, Object> c = new HashMap<>();
        Rating rated = r.ratingSummary();
        c.put("rateable", r.rateable());
        c.put("token", token);
        c.put("back", back);
        c.putAll(ratingModel(rated));
        c.put("id", r.id());
        c.put("short", r.id().substring(0, Math.min(10, r.id().length())));
        c.put("status", r.status().jsonName());
        c.put("stability", Site.number(r.stability()));
        c.put("verdict", r.verdict());
        c.put("novelty", Site.number(r.novelty()));
        c.put("generation", r.generation());
        c.put("run", r.runId());
        return c;
    }

    /** The rating buttons' state: stars 1–5 lit up to the rating's, favourite, rejected. */
    static Map<String, Object> ratingModel(Rating rated) {
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

    /** The entry after {@code id} in the gallery's first order (combined score, best first). */
    Optional<String> nextAfter(String id) {
        List<Row> all = archive.rows(new Query(Sort.SCORE, false, null, null, 0, Integer.MAX_VALUE)).rows();
        for (int i = 0; i < all.size() - 1; i++) {
            if (all.get(i).id().equals(id)) {
                return Optional.of(all.get(i + 1).id());
            }
        }
        return Optional.empty();
    }
}
