package io.equilibria.evolve.cli;

/** The program's exit codes besides 0 (success). Scripts and supervisors read them. */
public final class ExitCodes {
    /** Something went wrong while working (a device, a worker, a file that cannot be written). */
    public static final int FAILURE = 1;
    /** A bad option or input file: refused before anything was created or changed. */
    public static final int BAD_INPUT = 2;
    /** The archive is in use by another process that does not share it. */
    public static final int IN_USE = 3;

    private ExitCodes() {}
}
