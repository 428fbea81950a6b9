package io.equilibria.evolve.cli.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Blob;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Page;
import io.equilibria.archive.Query;
import io.equilibria.archive.Sort;
import io.equilibria.config.Budget;
import io.equilibria.config.ConfigJson;
import io.equilibria.evolve.promote.Promotion;
import io.equilibria.fitness.Descriptor;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The archive as one table for notebooks: a row per entry, a column per fact. The descriptor
 * columns are {@link Descriptor#NAMES}, the gene columns the genome's own fields flattened with dots
 * ({@code a.learningRate}), so neither list is written twice. CSV (RFC 4180, a header line), which
 * pandas and R read without help; empty cells where an entry has no value.
 */
public final class EntryTable {
    /** Columns before the descriptor's and the genes'. */
    static final List<String> LEADING = List.of("id", "run", "generation", "parents", "status", "status_reason",
            "verdict", "stability", "novelty", "score", "predicted", "stars", "favourite", "rejected", "note", "rated", "created",
            "resolution", "steps", "seconds");
    /** Columns after them: the entry's pictures and video, as paths. */
    static final List<String> TRAILING = List.of("sheet_a", "sheet_b", "video");
    private static final int PAGE = 500;

    private EntryTable() {}

    /** Every gene's column, in the genome's order: its fields flattened with dots. */
    public static List<String> geneColumns() {
        List<String> names = new ArrayList<>();
        flatten("", ConfigJson.toJson(io.equilibria.config.Preset.TINY.genome()), new LinkedHashMap<>())
                .keySet().forEach(names::add);
        return names;
    }

    public static List<String> columns() {
        List<String> all = new ArrayList<>(LEADING);
        all.addAll(Descriptor.NAMES);
        all.addAll(geneColumns());
        all.addAll(TRAILING);
        return all;
    }

    private static Map<String, String> flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
            }
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        } else {
            out.put(prefix, "");
        }
        return out;
    }

    private static Map<String, String> row(Entry e, ArchiveView view, io.equilibria.archive.Preference preference) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("id", e.id());
        r.put("run", e.runId());
        r.put("generation", Integer.toString(e.generation()));
        r.put("parents", String.join(";", e.parents()));
        r.put("status", e.status().jsonName());
        r.put("status_reason", e.statusReason());
        r.put("verdict", e.stability() == null ? "" : e.stability().verdict());
        r.put("stability", e.stability() == null ? "" : Double.toString(e.stability().value()));
        r.put("novelty", e.novelty() == null ? "" : Double.toString(e.novelty().value()));
        double score = e.combinedScore();
        r.put("score", Double.isNaN(score) ? "" : Double.toString(score));
        r.put("predicted", preference == null || e.descriptor().isEmpty() ? ""
                : Double.toString(preference.predict(io.equilibria.archive.Preference.vector(e.descriptor(), Descriptor.NAMES))));
        var rating = e.rating();
        r.put("stars", rating == null || rating.stars() == 0 ? "" : Integer.toString(rating.stars()));
        r.put("favourite", rating == null ? "" : Boolean.toString(rating.favourite()));
        r.put("rejected", rating == null ? "" : Boolean.toString(rating.rejected()));
        r.put("note", rating == null ? "" : rating.note());
        r.put("rated", rating == null ? "" : rating.at().toString());
        r.put("created", e.created().toString());
        r.put("resolution", Integer.toString(e.run().resolution()));
        r.put("steps", e.run().budget() instanceof Budget.Steps s ? Long.toString(s.steps()) : "");
        r.put("seconds", e.run().budget() instanceof Budget.Seconds s ? Double.toString(s.seconds()) : "");
        for (String name : Descriptor.NAMES) {
            Double v = e.descriptor().get(name);
            r.put(name, v == null ? "" : Double.toString(v));
        }
        flatten("", ConfigJson.toJson(e.genome()), new LinkedHashMap<>()).forEach(r::put);
        r.put("sheet_a", path(view, e.files().get(Entry.SHEET_A)));
        r.put("sheet_b", path(view, e.files().get(Entry.SHEET_B)));
        r.put("video", path(view, e.files().get(Promotion.VIDEO)));
        return r;
    }

    private static String path(ArchiveView view, Blob blob) {
        return blob == null ? "" : view.blobPath(blob).toString();
    }

    /**
     * Writes every entry of {@code view} as CSV, oldest first, page by page (memory does not grow
     * with the archive).
     *
     * @return the number of rows
     */
    static int write(ArchiveView view, Writer out) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns().forEach(schema::addColumn);
        try (SequenceWriter writer = new CsvMapper().writerFor(Map.class).with(schema.build()).writeValues(out)) {
            return rows(view, writer::write);
        }
    }

    /** One row, every column in {@link #columns()} order ("" where an entry has no value). */
    interface RowSink {
        void accept(Map<String, String> row) throws IOException;
    }

    /** Hands every entry of {@code view} to {@code sink} as a row, oldest first, page by page; the number of rows. */
    static int rows(ArchiveView view, RowSink sink) throws IOException {
        List<String> columns = columns();
        int rows = 0;
        var preference = io.equilibria.archive.Preference.fit(view, Descriptor.NAMES);
        for (int offset = 0; ; offset += PAGE) {
            Page page = view.list(new Query(Sort.CREATED, true, null, null, offset, PAGE));
            for (Entry e : page.entries()) {
                Map<String, String> r = row(e, view, preference);
                Map<String, String> ordered = new LinkedHashMap<>();
                for (String c : columns) {
                    ordered.put(c, r.getOrDefault(c, ""));
                }
                sink.accept(ordered);
                rows++;
            }
            if (page.entries().size() < PAGE) {
                return rows;
            }
        }
    }

}
