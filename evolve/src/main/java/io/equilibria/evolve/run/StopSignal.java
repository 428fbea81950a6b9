package io.equilibria.evolve.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT, SIGTERM) as a request: a shutdown hook raises the flag, then holds the JVM open
 * until the work has saved its state and called {@link #close}, for at most {@link #GRACE_SECONDS}.
 * A stop that saved in time is a success: the JVM then ends with exit code 0 (not 130). Open this
 * before the resources the work closes, so that it closes after them.
 */
public final class StopSignal implements AutoCloseable {
    static final long GRACE_SECONDS = 120;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch saved = new CountDownLatch(1);
    private final Thread hook;

    public StopSignal(String whatHappensNext) {
        this("step", whatHappensNext);
    }

    /** @param unit what is finished before stopping ("step", "segment") */
    public StopSignal(String unit, String whatHappensNext) {
        this.hook = new Thread(() -> {
            requested.set(true);
            System.err.println("\nequilibria: stopping after the current " + unit + "; " + whatHappensNext);
            try {
                if (saved.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(0); // saved: a clean stop, whatever signal asked for it
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "equilibria-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public boolean requested() {
        return requested.get();
    }

    /** The work is saved: the JVM may exit (and the hook is removed if we got here first). */
    @Override
    public void close() {
        saved.countDown();
        if (!requested.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running; it will see the latch
            }
        }
    }
}
