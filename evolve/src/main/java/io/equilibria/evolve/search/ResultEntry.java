package io.equilibria.evolve.search;

import io.equilibria.archive.Blob;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Status;
import io.equilibria.archive.Thumbnails;
import io.equilibria.archive.store.Archive;
import io.equilibria.archive.store.ArchiveWriter;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import io.equilibria.evolve.run.TempDirs;
import io.equilibria.evolve.run.Zips;
import io.equilibria.fitness.Evaluation;
import io.equilibria.fitness.Score;
import io.equilibria.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A training result as an archive entry: summary, thumbnails and the blobs worth keeping. */
public final class ResultEntry {
    private ResultEntry() {}

    /**
     * Stores a finished training (or one a search stopped early because it exploded) in the archive
     * (within {@code w}'s transaction): full-size sheets of A and B, the telemetry CSV and (when
     * given) the checkpoint directory as blobs, thumbnails in the store. Scores and descriptor are
     * left to the search's fitness.
     */
    public static Entry store(ArchiveWriter w, TrainingResult r, String runId, int generation, List<String> parents,
            Path checkpoint) {
        return store(w, Evaluation.of(r, r.provenance().device()), r.genome(), r.run(), runId, generation, parents,
                checkpoint, null, null, Map.of());
    }

    /**
     * The novelty of an evaluation against the living finds already in {@code archive} (k nearest
     * of {@link io.equilibria.fitness.Thresholds#NOVELTY_K}, standardised over them and it), as a
     * search would score it; the not-viable score when it is not alive.
     */
    public static Score noveltyAmong(io.equilibria.archive.ArchiveView archive, Evaluation e) {
        if (!e.alive()) {
            return Search.NOT_VIABLE;
        }
        double[] self = io.equilibria.fitness.Descriptor.vector(e.descriptor());
        List<double[]> living = new java.util.ArrayList<>();
        for (Entry other : archive.list(new io.equilibria.archive.Query(io.equilibria.archive.Sort.SCORE, false, null,
                null, 0, Integer.MAX_VALUE)).entries()) {
            if (other.alive() && !other.descriptor().isEmpty()) {
                living.add(io.equilibria.fitness.Descriptor.vector(other.descriptor()));
            }
        }
        List<double[]> reference = new java.util.ArrayList<>(living);
        reference.add(self);
        double n = io.equilibria.fitness.Novelty.ofDescriptors(reference).of(self, living,
                io.equilibria.fitness.Thresholds.NOVELTY_K);
        return new Score(n, "", living.isEmpty() ? "no living finds in the archive yet" : String.format(Locale.ROOT,
                "mean facet-weighted distance to the %d nearest of the archive's %d living finds",
                Math.min(io.equilibria.fitness.Thresholds.NOVELTY_K, living.size()), living.size()));
    }

    /**
     * The same for an evaluation (trained here or on a worker), with the search's scores and
     * behaviour descriptor. A checkpoint travels inside the evaluation as a zip, or as a directory.
     */
    public static Entry store(ArchiveWriter w, Evaluation r, Genome genome, RunConfig run, String runId, int generation,
            List<String> parents, Path checkpoint, Score stability, Score novelty, Map<String, Double> descriptor) {
        Map<String, Blob> files = new LinkedHashMap<>();
        files.put(Entry.SHEET_A, w.store(r.sheetA(), "png"));
        files.put(Entry.SHEET_B, w.store(r.sheetB(), "png"));
        files.put(Entry.TELEMETRY, w.store(r.telemetryCsv(), "csv"));
        if (checkpoint != null && Files.isDirectory(checkpoint)) {
            files.put(Entry.CHECKPOINT, w.storeDirectory(checkpoint));
        } else if (r.checkpoint().length > 0) {
            Path dir = TempDirs.create("checkpoint");
            try {
                Zips.unzip(r.checkpoint(), dir);
                files.put(Entry.CHECKPOINT, w.storeDirectory(dir));
            } finally {
                TempDirs.delete(dir);
            }
        }
        // A training that went non-finite is still an evaluation (its verdict is "exploded"): the
        // summary keeps the outcome and reason. `failed` is for evaluations that could not run.
        Entry entry = new Entry(Entry.idOf(genome, run), genome, run, Status.EVALUATED, "", stability, novelty,
                descriptor, r.summary(), parents, generation, runId, Instant.now(), files);
        w.put(entry, new Thumbnails(r.thumbnailA(), r.thumbnailB()));
        return entry;
    }
}
