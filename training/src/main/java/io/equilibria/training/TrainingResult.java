package io.equilibria.training;

import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import java.util.List;

/**
 * What a training run produced: its trace, the final fixed-probe samples of A and B with their
 * D-embeddings, how it ended and its provenance.
 *
 * @param steps steps completed
 * @param seconds wall-clock training seconds (across resumes)
 * @param reason why it ended, in words (for example "non-finite d_loss=NaN at step 12")
 * @param embeddingsA D's embedding of each of A's final probe images, [probes][e]
 * @param embeddingsB the same for B
 * @param provenance device, library versions and program version
 */
public record TrainingResult(Genome genome, RunConfig run, Outcome outcome, String reason, long steps,
        double seconds, List<Telemetry> trace, ProbeImages samples, float[][] embeddingsA,
        float[][] embeddingsB, Provenance provenance) {

    public TrainingResult {
        trace = List.copyOf(trace);
    }
}
