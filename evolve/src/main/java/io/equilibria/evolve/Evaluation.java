package io.equilibria.evolve;

import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.Score;
import io.equilibria.archive.TelemetrySummary;
import io.equilibria.fitness.Descriptor;
import io.equilibria.fitness.Judgement;
import io.equilibria.fitness.Stability;
import io.equilibria.fitness.Verdict;
import io.equilibria.training.Outcome;
import io.equilibria.training.SampleSheet;
import io.equilibria.training.Telemetry;
import io.equilibria.training.TrainingResult;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One trained individual as the search needs it, and as a worker sends it back: how the training
 * ended, its stability verdict, behaviour descriptor and trace summary, the full-size sheets and
 * thumbnails of A and B (PNG) and the telemetry CSV. Novelty is left to the search (it needs the
 * whole archive). Small enough to cross a network: no tensors, no probe pixels.
 *
 * @param worker who trained it ("cpu" in process, "NAME (cpu)" on a worker)
 * @param checkpoint a zip of the trained checkpoint directory, when the task asked for it, else empty
 */
public record Evaluation(Outcome outcome, String reason, Score stability, Map<String, Double> descriptor,
        TelemetrySummary summary, byte[] sheetA, byte[] sheetB, byte[] thumbnailA, byte[] thumbnailB,
        byte[] telemetryCsv, String worker, byte[] checkpoint) {

    public Evaluation {
        descriptor = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(descriptor)); // in Descriptor.NAMES order
        checkpoint = checkpoint == null ? new byte[0] : checkpoint;
    }

    /** Judges and pictures a training's result (on whichever machine trained it). */
    public static Evaluation of(TrainingResult r, String worker) {
        Judgement j = Stability.judge(r);
        StringBuilder csv = new StringBuilder(Telemetry.CSV_HEADER).append('\n');
        r.trace().forEach(row -> csv.append(row.toCsv()).append('\n'));
        return new Evaluation(r.outcome(), r.reason(), new Score(j.score(), j.verdict().jsonName(), j.reason()),
                Descriptor.of(r.samples()), ResultEntry.summary(r),
                SampleSheet.png(SampleSheet.panel(r.samples(), true)),
                SampleSheet.png(SampleSheet.panel(r.samples(), false)),
                SampleSheet.png(SampleSheet.thumbnail(r.samples(), true, ResultEntry.THUMBNAIL)),
                SampleSheet.png(SampleSheet.thumbnail(r.samples(), false, ResultEntry.THUMBNAIL)),
                csv.toString().getBytes(StandardCharsets.UTF_8), worker, null);
    }

    public Evaluation withCheckpoint(byte[] zip) {
        return new Evaluation(outcome, reason, stability, descriptor, summary, sheetA, sheetB, thumbnailA, thumbnailB,
                telemetryCsv, worker, zip);
    }

    public boolean alive() {
        return stability.verdict().equals(Verdict.ALIVE.jsonName());
    }

    public byte[] toJson() {
        return ArchiveJson.bytes(this);
    }

    public static Evaluation fromJson(byte[] json) {
        return ArchiveJson.read(json, Evaluation.class, "a worker's evaluation");
    }
}
