package io.equilibria.training;

/**
 * What one training step asked of libtorch (see {@link NativeCalls} for what counts).
 *
 * @param nativeCalls operations returning an array, in-place calls and host transfers
 * @param hostTransfers synchronising copies between Java memory and the device's, either way
 */
public record StepCalls(long nativeCalls, long hostTransfers) {}
