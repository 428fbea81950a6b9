package io.equilibria.archive;

import java.util.List;

/** The rows of one page of a listing, and how many entries matched in all. */
public record RowPage(List<Row> rows, int total) {
    public RowPage {
        rows = List.copyOf(rows);
    }
}
