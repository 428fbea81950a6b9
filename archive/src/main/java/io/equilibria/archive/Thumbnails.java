package io.equilibria.archive;

/** Small PNG pictures of generator A's and generator B's final fixed-probe outputs. */
public record Thumbnails(byte[] a, byte[] b) {
    public Thumbnails {
        if (a == null || b == null) {
            throw new IllegalArgumentException("both thumbnails are needed");
        }
    }
}
