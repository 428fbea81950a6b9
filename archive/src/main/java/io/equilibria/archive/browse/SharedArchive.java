package io.equilibria.archive.browse;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.store.Archive;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The archive as a long-running reader (the browser) sees it, without keeping others out: opened
 * on the first request, and, when no other process owned it, closed again after
 * {@value Handler#IDLE_MILLIS} ms without requests, so that a search can start meanwhile. While a
 * search owns it, reads go through the search; when the search ends, the next request opens it
 * directly. Every {@link ArchiveView} operation passes through one path ({@link Handler#use}): none
 * is written here again.
 */
public interface SharedArchive extends ArchiveView {

    /**
     * The archive at {@code file}, shared.
     *
     * @throws ArchiveException at once when there is no archive there (not on the first page)
     */
    static SharedArchive open(Path file) {
        return (SharedArchive) Proxy.newProxyInstance(SharedArchive.class.getClassLoader(),
                new Class<?>[] {SharedArchive.class}, new Handler(file));
    }

    /** Whether reads currently go through a search that owns the archive. */
    boolean throughOwner();

    /**
     * Lets go of the archive now if this process holds it itself (as after {@value Handler#IDLE_MILLIS}
     * ms without requests), so that a search this browser starts can take it; the next request reads
     * through that search.
     */
    void letGo();

    /** The state behind a shared archive: what is open now, and when it was last used. */
    final class Handler implements InvocationHandler {
        static final long IDLE_MILLIS = 1500;

        private final Path file;
        private final ScheduledExecutorService closer;
        private ArchiveView current;
        private long lastUse;

        private Handler(Path file) {
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

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            return switch (method.getName()) {
                case "file" -> file;
                case "throughOwner" -> throughOwner();
                case "letGo" -> {
                    letGo();
                    yield null;
                }
                case "close" -> {
                    close();
                    yield null;
                }
                case "toString" -> "shared archive " + file;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> use(v -> ArchiveView.invoke(v, method, args));
            };
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

        private synchronized boolean throughOwner() {
            return current != null && !(current instanceof Archive);
        }

        private synchronized void letGo() {
            if (current instanceof Archive) {
                current.close();
                current = null;
            }
        }

        private synchronized void close() {
            closer.shutdownNow();
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }
}
