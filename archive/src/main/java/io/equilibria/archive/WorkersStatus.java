package io.equilibria.archive;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.equilibria.config.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The workers of a search spread over processes or hosts, as its coordinator writes them to
 * {@code ARCHIVE.workers.json} whenever they change (and removes the file when the search ends)
 * and the live page reads them. One record for writer and reader.
 *
 * @param updated when the coordinator wrote this
 * @param coordinator the address workers join ("host:port"), empty once it stopped
 * @param pid the coordinator's process id (a reader on the same host can tell a stale file)
 * @param scheduleOverheadMs median time a task spent outside its worker's training, in ms
 * @param workers every worker member, in the order they joined
 * @param refused why members were refused (a version mismatch), in words
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkersStatus(Instant updated, String coordinator, long pid, double scheduleOverheadMs,
        List<Worker> workers, List<String> refused) {

    /**
     * One worker.
     *
     * @param state idle, training, recycling or hung
     * @param task the id of the individual it trains, or null
     * @param since when it took its current state
     * @param done individuals it trained
     * @param secondsPerIndividual its mean training time, NaN before the first
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Worker(String name, String device, String host, String pid, String address, String state, String task,
            Instant since, int done, double secondsPerIndividual) {}

    public WorkersStatus {
        workers = workers == null ? List.of() : List.copyOf(workers);
        refused = refused == null ? List.of() : List.copyOf(refused);
    }

    /** Where the status of the search that owns {@code archive} is written. */
    public static Path fileOf(Path archive) {
        return Path.of(archive + ".workers.json");
    }

    /** Writes this status to {@code file} whole (temporary file, then rename). */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, Json.bytes(this));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The status in {@code file}, or empty when there is none or it cannot be read. */
    public static Optional<WorkersStatus> read(Path file) {
        try {
            return Optional.of(Json.mapper().readValue(Files.readAllBytes(file), WorkersStatus.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
