package io.equilibria.fitness;

import io.equilibria.config.Side;
import io.equilibria.training.Outcome;
import io.equilibria.training.SampleSheet;
import io.equilibria.training.TelemetryCsv;
import io.equilibria.training.TrainingResult;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained ensemble judged, pictured and summarised: how the training ended, its stability
 * verdict, behaviour descriptor and trace summary, the full-size sheets and thumbnails of A and B
 * (PNG) and the telemetry CSV. This is what a worker sends back and what the search stores.
 * Novelty is left to the search (it needs the whole archive). Small enough to cross a network: no
 * tensors, no probe pixels.
 *
 * @param stability the verdict's score in [0, 1], the verdict's JSON name and its reason
 * @param descriptor the behaviour descriptor, in {@link Descriptor#NAMES} order
 * @param worker who trained it ("cpu" in process, "NAME (cpu)" on a worker)
 * @param checkpoint a zip of the trained checkpoint directory, when the task asked for it, else empty
 */
public record Evaluation(Outcome outcome, String reason, Score stability, Map<String, Double> descriptor,
        TelemetrySummary summary, byte[] sheetA, byte[] sheetB, byte[] thumbnailA, byte[] thumbnailB,
        byte[] telemetryCsv, String worker, byte[] checkpoint) {

    /** Side of the square a thumbnail fits in, in pixels. */
    public static final int THUMBNAIL = 128;

    public Evaluation {
        descriptor = Collections.unmodifiableMap(new LinkedHashMap<>(descriptor));
        checkpoint = checkpoint == null ? new byte[0] : checkpoint;
    }

    /** Judges, pictures and summarises a training's result (on whichever machine trained it). */
    public static Evaluation of(TrainingResult r, String worker) {
        Judgement j = Stability.judge(r);
        return new Evaluation(r.outcome(), r.reason(), new Score(j.score(), j.verdict().jsonName(), j.reason()),
                Descriptor.of(r.samples()), TelemetrySummary.of(r),
                SampleSheet.png(SampleSheet.panel(r.samples(), Side.A)),
                SampleSheet.png(SampleSheet.panel(r.samples(), Side.B)),
                SampleSheet.png(SampleSheet.thumbnail(r.samples(), Side.A, THUMBNAIL)),
                SampleSheet.png(SampleSheet.thumbnail(r.samples(), Side.B, THUMBNAIL)),
                TelemetryCsv.text(r.trace()).getBytes(StandardCharsets.UTF_8), worker, null);
    }

    /** The same evaluation carrying a zip of its checkpoint directory. */
    public Evaluation withCheckpoint(byte[] zip) {
        return new Evaluation(outcome, reason, stability, descriptor, summary, sheetA, sheetB, thumbnailA, thumbnailB,
                telemetryCsv, worker, zip);
    }

    /** Whether the verdict is {@link Verdict#ALIVE}. */
    public boolean alive() {
        return stability.verdict().equals(Verdict.ALIVE.jsonName());
    }
}
