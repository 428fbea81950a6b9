package io.equilibria.archive;

import io.equilibria.config.Side;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An archive as the browser and the command line use it: reading, plus the few writes a person
 * makes while a search may be running (promote, rate, compare). It is the archive itself when this
 * process owns it, or the owning process's read service when another process (a running search)
 * owns it, which then stores those writes itself. Blobs are files on this host in either case;
 * {@link #blobPath} names them.
 */
public interface ArchiveView extends AutoCloseable {

    /** The archive file. */
    Path file();

    /** The entry with exactly this id (16 hex digits), if there is one. */
    Optional<Entry> entry(String id);

    /**
     * The entry whose id is {@code idOrPrefix} or starts with it.
     *
     * @throws ArchiveException when it is not an id, matches nothing, or matches several entries
     */
    Entry resolve(String idOrPrefix);

    /** A page of listing rows (no JSON is read: fast even in a fresh process). */
    RowPage rows(Query query);

    /** A page of full entries. */
    Page list(Query query);

    /** Ids of the entries bred from {@code id}. */
    List<String> children(String id);

    /** The PNG thumbnail of one generator's probes of an entry; empty when it has none (pending, failed). */
    Optional<byte[]> thumbnail(String id, Side side);

    /** Every search run of the archive, by name. */
    List<SearchRun> runs();

    /** The search run called {@code name}, if there is one. */
    Optional<SearchRun> run(String name);

    /** Counts by status and run, and the disk used by the store and its blobs. */
    Stats stats();

    /** The latest clustering of the entries, if `equilibria cluster` ran. */
    Optional<Clustering> clustering();

    /** Stores a clustering as the latest (through the owner when a search runs). */
    void saveClustering(Clustering clustering);

    /**
     * Queues an entry for full training and rendering: its status becomes {@code promoted}
     * (through the owner when a search runs). Only an evaluated or rendered entry can be promoted.
     *
     * @throws ArchiveException for an unknown entry or one in another state
     */
    Entry promote(String id);

    /**
     * Rates an entry (through the owner when a search runs): stars, favourite, rejected, a note.
     *
     * @throws ArchiveException for an unknown entry, one not yet evaluated or failed in its search,
     *     or a rating out of range
     */
    Entry rate(String id, Rating.Change change);

    /**
     * Stores an answer of the compare page (through the owner when a search runs).
     *
     * @throws ArchiveException when a shown find is unknown or not evaluated
     */
    void compare(Comparison comparison);

    /** Every comparison, oldest first. */
    List<Comparison> comparisons();

    /**
     * The behaviour descriptors of every living find, by id (read from a derived map kept beside
     * the entries: fast for maps over many thousands).
     */
    Map<String, Map<String, Double>> behaviours();

    /** Where a blob's file is. */
    default Path blobPath(Blob blob) {
        return Blob.dirOf(file()).resolve(blob.name());
    }

    /**
     * Calls {@code operation} (a method of this interface) on {@code view}, for the forwarding paths
     * ({@code RemoteArchive}, {@code SharedArchive}): what it returns, or the unchecked exception it
     * throws as it is.
     */
    static Object invoke(ArchiveView view, java.lang.reflect.Method operation, Object[] args) {
        try {
            return operation.invoke(view, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets go of the archive (or of the connection to its owner); never throws. */
    @Override
    void close();
}
