package io.equilibria.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.equilibria.config.Budget;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Genome;
import io.equilibria.config.Json;
import io.equilibria.config.RunConfig;
import io.equilibria.fitness.Score;
import io.equilibria.fitness.TelemetrySummary;
import io.equilibria.fitness.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One genome in the archive, with what its evaluation found.
 *
 * @param id stable hash of genome (seed included), resolution and budget: see {@link #idOf}
 * @param genome the genome
 * @param run resolution, budget and intervals it was (or will be) trained with
 * @param status where it is in its life
 * @param statusReason why it failed, or empty
 * @param stability stability score with verdict and reason, or null before evaluation
 * @param novelty novelty score with its reason, or null before evaluation
 * @param descriptor behaviour descriptor of the final outputs, by feature name (empty before evaluation)
 * @param telemetry summary of the training trace, or null before evaluation
 * @param parents ids of the entries it was bred from (empty for the first generation and imports)
 * @param generation generation of the search that produced it
 * @param runId the search run (or {@code train}, {@code import}) that produced it
 * @param created when it entered the archive
 * @param files blobs by role ({@link #SHEET_A}, {@link #SHEET_B}, {@link #TELEMETRY}, {@link #CHECKPOINT}, ...)
 * @param rating what the artist said of it, or null (absent in entries stored before ratings existed)
 */
public record Entry(String id, Genome genome, RunConfig run, Status status, String statusReason, Score stability,
        Score novelty, Map<String, Double> descriptor, TelemetrySummary telemetry, List<String> parents,
        int generation, String runId, Instant created, Map<String, Blob> files, Rating rating) {

    /** An entry nobody has rated yet. */
    public Entry(String id, Genome genome, RunConfig run, Status status, String statusReason, Score stability,
            Score novelty, Map<String, Double> descriptor, TelemetrySummary telemetry, List<String> parents,
            int generation, String runId, Instant created, Map<String, Blob> files) {
        this(id, genome, run, status, statusReason, stability, novelty, descriptor, telemetry, parents, generation,
                runId, created, files, null);
    }

    /** Whether the artist can rate it: it has been evaluated and did not fail in its search. */
    public boolean rateable() {
        return status != Status.PENDING && !(status == Status.FAILED && !statusReason.startsWith("promotion"));
    }

    /**
     * Whether it can be promoted to a full training and video: it was evaluated, or rendered before
     * (a promotion again, with another budget). A promoted entry is promoted already.
     */
    public boolean promotable() {
        return status == Status.EVALUATED || status == Status.RENDERED;
    }

    /** Whether a run can be bred from it ({@code evolve --from}, the browser's breed page): it has been trained. */
    public boolean breedable() {
        return status != Status.PENDING;
    }

    public Entry withRating(Rating newRating) {
        return new Entry(id, genome, run, status, statusReason, stability, novelty, descriptor, telemetry, parents,
                generation, runId, created, files, newRating);
    }

    /**
     * The verdicts a stored entry can carry (the names of {@link Verdict}, the living one first), for
     * filters.
     */
    public static final List<String> VERDICTS = java.util.stream.Stream.concat(java.util.stream.Stream.of(Verdict.ALIVE),
            java.util.Arrays.stream(Verdict.values()).filter(v -> v != Verdict.ALIVE)).map(Verdict::jsonName).toList();

    /** Whether its evaluation's verdict is {@code alive}: a living find. */
    public boolean alive() {
        return stability != null && Verdict.ALIVE.jsonName().equals(stability.verdict());
    }

    /**
     * The score the gallery and {@code archive list} rank by: a living find scores 1 + ½ stability
     * + ½ (1 − e^(−novelty/√31)) (so in (1.5, 2]), anything else its stability alone (below 0.5),
     * so that every living find comes before every broken one; NaN before evaluation.
     */
    public double combinedScore() {
        if (stability == null) {
            return Double.NaN;
        }
        return combinedScore(stability.value(), alive(), novelty == null ? 0 : novelty.value());
    }

    /** {@link #combinedScore()} of a find with these scores (novelty NaN or infinite counts as 0). */
    public static double combinedScore(double stability, boolean alive, double novelty) {
        if (!alive) {
            return stability;
        }
        double n = Double.isFinite(novelty) ? novelty : 0;
        return 1 + 0.5 * stability + 0.5 * (1 - Math.exp(-n / Math.sqrt(31)));
    }

    /** Full-size sheet of A's final probes (PNG). */
    public static final String SHEET_A = "sheet_a";
    /** Full-size sheet of B's final probes (PNG). */
    public static final String SHEET_B = "sheet_b";
    /** The training trace (CSV). */
    public static final String TELEMETRY = "telemetry";
    /** Networks and optimiser state (a zip of the checkpoint directory). */
    public static final String CHECKPOINT = "checkpoint";

    private static final int ID_HEX_DIGITS = 16;

    public Entry {
        statusReason = statusReason == null ? "" : statusReason;
        descriptor = descriptor == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(descriptor));
        parents = parents == null ? List.of() : List.copyOf(parents);
        files = files == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        if (id == null || genome == null || run == null || status == null || runId == null || created == null) {
            throw new IllegalArgumentException("entry without id, genome, run, status, run id or creation time");
        }
    }

    /** A genome waiting to be evaluated. */
    public static Entry pending(Genome genome, RunConfig run, String runId, List<String> parents, int generation) {
        return new Entry(idOf(genome, run), genome, run, Status.PENDING, "", null, null, Map.of(), null, parents,
                generation, runId, Instant.now(), Map.of());
    }

    /**
     * The id of {@code genome} trained with {@code run}'s resolution and budget: the first 16 hex
     * digits of the SHA-256 of their canonical JSON (keys sorted). Intervals and probe count do not
     * enter, since they do not change what is trained.
     */
    public static String idOf(Genome genome, RunConfig run) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.set("genome", ConfigJson.toIdentityJson(genome));
        node.put("resolution", run.resolution());
        switch (run.budget()) {
            case Budget.Steps s -> node.put("steps", s.steps());
            case Budget.Seconds s -> node.put("seconds", s.seconds());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.canonical(node).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, ID_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Entry withStatus(Status newStatus, String reason) {
        return new Entry(id, genome, run, newStatus, reason, stability, novelty, descriptor, telemetry, parents,
                generation, runId, created, files, rating);
    }

    public Entry withScores(Score newStability, Score newNovelty) {
        return new Entry(id, genome, run, status, statusReason, newStability, newNovelty, descriptor, telemetry,
                parents, generation, runId, created, files, rating);
    }

    public Entry withEvaluation(Status newStatus, String reason, Score newStability, Score newNovelty,
            Map<String, Double> newDescriptor, TelemetrySummary newTelemetry) {
        return new Entry(id, genome, run, newStatus, reason, newStability, newNovelty, newDescriptor, newTelemetry,
                parents, generation, runId, created, files, rating);
    }

    /** This entry with {@code more} files added (replacing files of the same role). */
    /** This entry without the files whose role {@code role} accepts. */
    public Entry withoutFiles(java.util.function.Predicate<String> role) {
        Map<String, Blob> kept = new LinkedHashMap<>(files);
        kept.keySet().removeIf(role);
        return new Entry(id, genome, run, status, statusReason, stability, novelty, descriptor, telemetry, parents,
                generation, runId, created, kept, rating);
    }

    public Entry withFiles(Map<String, Blob> more) {
        Map<String, Blob> all = new LinkedHashMap<>(files);
        all.putAll(more);
        return new Entry(id, genome, run, status, statusReason, stability, novelty, descriptor, telemetry, parents,
                generation, runId, created, all, rating);
    }
}
