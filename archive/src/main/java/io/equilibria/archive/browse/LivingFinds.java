package io.equilibria.archive.browse;

import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.cluster.BehaviourMap;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The living finds with their descriptors, which the map and the compare page read in full (over
 * 10,000 finds that is a few hundred milliseconds), kept by the browser: read once as it starts,
 * then again in the background when a page asks for them more than {@link #FRESH_MILLIS} after
 * the last read. The server waits for the very first read before it returns from its start; a page
 * never waits for a refresh and sees finds at most one refresh old.
 */
final class LivingFinds implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LivingFinds.class);
    /** After this long a page's request starts a fresh read. */
    static final long FRESH_MILLIS = 5_000;

    private final ArchiveView archive;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "browse-living-finds");
        t.setDaemon(true);
        return t;
    });
    private volatile List<BehaviourMap.Find> finds;
    private volatile long readAt;
    private Future<?> refresh;

    /** Starts the first read at once. */
    LivingFinds(ArchiveView archive) {
        this.archive = archive;
        this.refresh = reader.submit(this::read);
    }

    private void read() {
        long started = System.currentTimeMillis();
        finds = BehaviourMap.livingFinds(archive);
        readAt = started;
    }

    /** The living finds, best first by combined score; waits only for the first read. */
    List<BehaviourMap.Find> get() {
        Future<?> first;
        synchronized (this) {
            if (finds == null && refresh.isDone()) { // the first read failed: try again, and wait for it
                refresh = reader.submit(this::read);
            } else if (finds != null && System.currentTimeMillis() - readAt > FRESH_MILLIS && refresh.isDone()) {
                refresh = reader.submit(() -> {
                    try {
                        read();
                    } catch (RuntimeException e) { // the archive went away: keep what was read
                        LOG.warn("could not refresh the living finds: {}", e.toString());
                    }
                });
            }
            first = refresh;
        }
        if (finds == null) {
            try {
                first.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the living finds", e);
            }
        }
        return finds;
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
