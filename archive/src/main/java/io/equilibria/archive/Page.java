package io.equilibria.archive;

import java.util.List;

/** The entries of one page of a listing, and how many entries matched in all. */
public record Page(List<Entry> entries, int total) {
    public Page {
        entries = List.copyOf(entries);
    }
}
