package io.equilibria.archive;

/** What a garbage collection of the blob folder removed. */
public record Collected(int files, long bytes) {}
