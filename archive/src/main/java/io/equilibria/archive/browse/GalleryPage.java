package io.equilibria.archive.browse;

import io.equilibria.archive.Clustering;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Query;
import io.equilibria.archive.Rating;
import io.equilibria.archive.Row;
import io.equilibria.archive.RowPage;
import io.equilibria.archive.Sort;
import io.equilibria.archive.Status;
import io.equilibria.archive.browse.Params.BadRequest;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gallery ({@code /}): one page of cards in a sort order, with filters by status, run, verdict,
 * rating and cluster.
 */
final class GalleryPage {
    private final Site site;

    GalleryPage(Site site) {
        this.site = site;
    }

    void gallery(Context ctx) {
        Sort sort = Params.parseSort(ctx.queryParam("sort"));
        boolean ascending = "asc".equals(ctx.queryParam("order"));
        Status status = Params.parseStatus(ctx.queryParam("status"));
        String run = Params.blankToNull(ctx.queryParam("run"));
        String verdict = Params.parseVerdict(ctx.queryParam("verdict"));
        String rating = Params.blankToNull(ctx.queryParam("rating"));
        if (rating != null && !Rating.FILTERS.contains(rating)) {
            throw new BadRequest("rating \"" + rating + "\" is not one of " + String.join(", ", Rating.FILTERS));
        }
        Integer cluster = Params.parseInt(ctx.queryParam("cluster"), "cluster", 0, 10_000);
        int pageNumber = Optional.ofNullable(Params.parseInt(ctx.queryParam("page"), "page", 1, 1_000_000)).orElse(1);
        int offset = (pageNumber - 1) * BrowseServer.PAGE_SIZE;
        Optional<Clustering> clustering = site.archive.clustering();
        List<Row> rows;
        int total;
        if (cluster != null) {
            Set<String> members = new TreeSet<>(clustering.map(c -> c.members().getOrDefault(cluster, List.of()))
                    .orElse(List.of()));
            RowPage all = site.archive.rows(new Query(sort, ascending, status, run, verdict, 0, Integer.MAX_VALUE, rating));
            List<Row> in = all.rows().stream().filter(r -> members.contains(r.id())).toList();
            total = in.size();
            rows = in.subList(Math.min(offset, total), Math.min(total, offset + BrowseServer.PAGE_SIZE));
        } else {
            RowPage page = site.archive.rows(new Query(sort, ascending, status, run, verdict, offset, BrowseServer.PAGE_SIZE, rating));
            rows = page.rows();
            total = page.total();
        }
        Map<String, Object> m = site.page("Gallery", "gallery");
        String back = ctx.queryString() == null ? "/" : "/?" + ctx.queryString();
        m.put("cards", rows.stream().map(r -> site.card(r, back)).toList());
        m.put("total", total);
        m.put("from", total == 0 ? 0 : offset + 1);
        m.put("to", offset + rows.size());
        m.put("ascending", ascending);
        m.put("sorts", Site.options(java.util.Arrays.stream(Sort.values()).map(Sort::jsonName).toList(), sort.jsonName()));
        m.put("ratings", Site.options(Rating.FILTERS, rating));
        m.put("statuses", Site.options(List.of(Status.values()).stream().map(Status::jsonName).toList(),
                status == null ? null : status.jsonName()));
        m.put("verdicts", Site.options(Entry.VERDICTS, verdict));
        m.put("runs", Site.options(runNames(), run));
        if (clustering.isPresent()) {
            List<String> labels = new ArrayList<>();
            for (int c = 0; c < clustering.get().k(); c++) {
                labels.add(Integer.toString(c));
            }
            m.put("hasClusters", true);
            m.put("clusters", Site.options(labels, cluster == null ? null : cluster.toString()));
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
        site.render(ctx, "gallery", m);
    }

    List<String> runNames() {
        List<String> names = new ArrayList<>();
        site.archive.runs().forEach(r -> names.add(r.name()));
        for (String other : List.of("train", "import")) {
            if (!names.contains(other)) {
                names.add(other);
            }
        }
        return names;
    }

    static String url(Map<String, String> params, int page) {
        StringBuilder s = new StringBuilder("/?");
        params.forEach((k, v) -> {
            if (!v.isEmpty()) {
                s.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
            }
        });
        return s.append("page=").append(page).toString();
    }



}
