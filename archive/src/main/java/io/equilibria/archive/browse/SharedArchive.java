package io.equilibria.archive.browse;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Clustering;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Page;
import io.equilibria.archive.Query;
import io.equilibria.archive.RowPage;
import io.equilibria.archive.SearchRun;
import io.equilibria.archive.Stats;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.Side;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The archive as a long-running reader (the browser) sees it, without keeping others out: opened
 * on the first request, and, when no other process owned it, closed again after
 * {@value #IDLE_MILLIS} ms without requests, so that a search can start meanwhile. While a search
 * owns it, reads go through the search; when the search ends, the next request opens it directly.
 */
public final class SharedArchive implements ArchiveView {
    static final long IDLE_MILLIS = 1500;

    private final Path file;
    private final ScheduledExecutorService closer;
    private ArchiveView current;
    private long lastUse;

    public SharedArchive(Path file) {
        this.file = file;
        this.closer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "archive-idle-close");
            t.setDaemon(true);
            return t;
        });
        try {
            use(v -> null); // fail now, not on the first page, when there is no archive
        } catch (RuntimeException e) {
            closer.shutdownNow();
            throw e;
        }
        closer.scheduleWithFixedDelay(this::closeIfIdle, IDLE_MILLIS, IDLE_MILLIS / 3, TimeUnit.MILLISECONDS);
    }

    private synchronized void closeIfIdle() {
        if (current instanceof Archive && System.currentTimeMillis() - lastUse > IDLE_MILLIS) {
            current.close();
            current = null;
        }
    }

    private synchronized <T> T use(Function<ArchiveView, T> read) {
        lastUse = System.currentTimeMillis();
        for (int attempt = 0; ; attempt++) {
            if (current == null) {
                current = Archive.read(file);
            }
            try {
                return read.apply(current);
            } catch (ArchiveException e) {
                // The search we read through has ended (or a new one began): look again, once.
                if (attempt > 0 || current instanceof Archive || !e.getMessage().contains("does not answer")) {
                    throw e;
                }
                current.close();
                current = null;
            }
        }
    }

    /**
     * Lets go of the archive now if this process holds it itself (as after {@value #IDLE_MILLIS} ms
     * without requests), so that a search this browser starts can take it; the next request reads
     * through that search.
     */
    public synchronized void letGo() {
        if (current instanceof Archive) {
            current.close();
            current = null;
        }
    }

    /** Whether reads currently go through a search that owns the archive. */
    public synchronized boolean throughOwner() {
        return current != null && !(current instanceof Archive);
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public Optional<Entry> entry(String id) {
        return use(v -> v.entry(id));
    }

    @Override
    public Entry resolve(String idOrPrefix) {
        return use(v -> v.resolve(idOrPrefix));
    }

    @Override
    public RowPage rows(Query query) {
        return use(v -> v.rows(query));
    }

    @Override
    public Page list(Query query) {
        return use(v -> v.list(query));
    }

    @Override
    public List<String> children(String id) {
        return use(v -> v.children(id));
    }

    @Override
    public Optional<byte[]> thumbnail(String id, Side side) {
        return use(v -> v.thumbnail(id, side));
    }

    @Override
    public List<SearchRun> runs() {
        return use(ArchiveView::runs);
    }

    @Override
    public Optional<SearchRun> run(String name) {
        return use(v -> v.run(name));
    }

    @Override
    public Stats stats() {
        return use(ArchiveView::stats);
    }

    @Override
    public Optional<Clustering> clustering() {
        return use(ArchiveView::clustering);
    }

    @Override
    public void saveClustering(Clustering clustering) {
        use(v -> {
            v.saveClustering(clustering);
            return null;
        });
    }

    @Override
    public Entry rate(String id, io.equilibria.archive.Rating.Change change) {
        return use(v -> v.rate(id, change));
    }

    @Override
    public void compare(io.equilibria.archive.Comparison comparison) {
        use(v -> {
            v.compare(comparison);
            return null;
        });
    }

    @Override
    public java.util.Map<String, java.util.Map<String, Double>> behaviours() {
        return use(ArchiveView::behaviours);
    }

    @Override
    public List<io.equilibria.archive.Comparison> comparisons() {
        return use(ArchiveView::comparisons);
    }

    @Override
    public Entry promote(String id) {
        return use(v -> v.promote(id));
    }

    @Override
    public synchronized void close() {
        closer.shutdownNow();
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
