package io.equilibria.archive.browse;

import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An entry's family tree: its ancestors (parents, their parents, …) above it and its descendants
 * below, across runs, drawn as an inline SVG of A|B thumbnails in rows by generations of descent,
 * with an edge from every parent to its child. Each find links to its page; its border says its
 * verdict (alive or not). Bounded: so many generations up and down, so many finds per row.
 */
public record Lineage(int ancestors, int descendants, String svg) {
    private static final int THUMB = 40;
    private static final int CELL_W = 2 * THUMB + 16;
    private static final int CELL_H = THUMB + 30;

    /**
     * @param up generations of ancestors at most
     * @param down generations of descendants at most
     * @param perRow finds per row at most (the rest are counted, not drawn)
     */
    public static Lineage of(ArchiveView archive, String id, int up, int down, int perRow) {
        Map<Integer, List<String>> rows = new LinkedHashMap<>(); // depth → ids (negative: ancestors)
        Map<String, Integer> depth = new HashMap<>();
        Map<String, Entry> entries = new HashMap<>();
        Entry self = archive.entry(id).orElseThrow();
        entries.put(id, self);
        depth.put(id, 0);
        rows.put(0, new ArrayList<>(List.of(id)));
        int ancestors = 0;
        List<String> level = List.of(id);
        for (int d = 1; d <= up && !level.isEmpty(); d++) {
            Set<String> next = new LinkedHashSet<>();
            for (String child : level) {
                for (String p : entries.get(child).parents()) {
                    if (!depth.containsKey(p) && archive.entry(p).isPresent()) {
                        next.add(p);
                    }
                }
            }
            List<String> row = new ArrayList<>();
            for (String p : next) {
                depth.put(p, -d);
                ancestors++;
                if (row.size() < perRow) {
                    entries.put(p, archive.entry(p).orElseThrow());
                    row.add(p);
                }
            }
            if (!row.isEmpty()) {
                rows.put(-d, row);
            }
            level = row;
        }
        int descendants = 0;
        level = List.of(id);
        for (int d = 1; d <= down && !level.isEmpty(); d++) {
            Set<String> next = new LinkedHashSet<>();
            for (String parent : level) {
                for (String c : archive.children(parent)) {
                    if (!depth.containsKey(c)) {
                        next.add(c);
                    }
                }
            }
            List<String> row = new ArrayList<>();
            for (String c : next) {
                depth.put(c, d);
                descendants++;
                if (row.size() < perRow) {
                    archive.entry(c).ifPresent(e -> entries.put(c, e));
                    if (entries.containsKey(c)) {
                        row.add(c);
                    }
                }
            }
            if (!row.isEmpty()) {
                rows.put(d, row);
            }
            level = row;
        }
        return new Lineage(ancestors, descendants, draw(rows, entries, id));
    }

    private static String draw(Map<Integer, List<String>> rows, Map<String, Entry> entries, String self) {
        List<Integer> depths = new ArrayList<>(rows.keySet());
        depths.sort(Integer::compare);
        int widest = rows.values().stream().mapToInt(List::size).max().orElse(1);
        int width = Math.max(1, widest) * CELL_W + 20;
        int height = depths.size() * (CELL_H + 30) + 10;
        Map<String, int[]> at = new HashMap<>();
        for (int r = 0; r < depths.size(); r++) {
            List<String> row = rows.get(depths.get(r));
            int offset = (width - row.size() * CELL_W) / 2;
            for (int i = 0; i < row.size(); i++) {
                at.put(row.get(i), new int[] {offset + i * CELL_W + CELL_W / 2, 10 + r * (CELL_H + 30)});
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"lineage\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\">");
        for (var e : at.entrySet()) { // edges first, under the thumbnails
            for (String p : entries.get(e.getKey()).parents()) {
                int[] from = at.get(p);
                if (from != null) {
                    int[] to = e.getValue();
                    svg.append(String.format(java.util.Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", from[0], from[1] + THUMB + 14, to[0], to[1]));
                }
            }
        }
        for (var e : at.entrySet()) {
            String id = e.getKey();
            Entry entry = entries.get(id);
            int x = e.getValue()[0] - THUMB;
            int y = e.getValue()[1];
            String kind = id.equals(self) ? "self" : entry.alive() ? "alive" : "dead";
            String verdict = entry.stability() == null ? entry.status().jsonName() : entry.stability().verdict();
            svg.append("<a href=\"/entry/").append(id).append("\"><title>").append(id).append(' ')
                    .append(escape(verdict)).append(", run ").append(escape(entry.runId())).append(", generation ")
                    .append(entry.generation()).append("</title>");
            svg.append(String.format(java.util.Locale.ROOT, "<image href=\"/thumb/%s/a\" x=\"%d\" y=\"%d\" width=\"%d\""
                    + " height=\"%d\"/><image href=\"/thumb/%s/b\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>", id, x,
                    y, THUMB, THUMB, id, x + THUMB, y, THUMB, THUMB));
            svg.append(String.format(java.util.Locale.ROOT, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
                    kind, x - 1, y - 1, 2 * THUMB + 2, THUMB + 2));
            svg.append(String.format(java.util.Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s %s</text>", x, y + THUMB + 12,
                    id.substring(0, 8), escape(verdict)));
            svg.append("</a>");
        }
        return svg.append("</svg>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
