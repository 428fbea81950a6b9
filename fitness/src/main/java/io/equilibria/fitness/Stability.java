package io.equilibria.fitness;

import io.equilibria.training.Outcome;
import io.equilibria.training.ProbeImages;
import io.equilibria.training.Telemetry;
import io.equilibria.training.TrainingResult;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Stability of a training from its trace and final fixed-probe outputs: "stable enough to prevent
 * gradients collapsing or exploding, but unstable enough to produce unexpected results". The checks,
 * in order: exploded (non-finite, a gradient spike, a runaway output magnitude), then what each
 * generator's displayed probes look like ({@link #look}: saturated, flat, collapsed, noise, blocky),
 * then the drift of the probes (noise, static); what passes them is alive. Thresholds are in
 * {@link Thresholds}.
 */
public final class Stability {
    private Stability() {}

    /** The judgement of a finished training, with a promotion's horizon for runaway magnitudes. */
    public static Judgement judge(TrainingResult r) {
        return judge(r.trace(), r.outcome(), r.reason(), r.samples(), Horizon.of(r.genome(),
                promotion(r.run().budget().stepsOr(r.steps()))));
    }

    /** The step a promotion of a training of {@code budgetSteps} steps would reach. */
    public static long promotion(long budgetSteps) {
        return Thresholds.PROMOTION_FACTOR * Math.max(1, budgetSteps);
    }

    /**
     * How far a runaway magnitude is projected: to step {@code steps}, for the generators whose
     * output is unbounded (a tanh output cannot overflow; its saturation is judged on the pictures).
     */
    public record Horizon(long steps, boolean watchA, boolean watchB) {
        /** The horizon for {@code genome}'s generators. */
        public static Horizon of(io.equilibria.config.Genome genome, long steps) {
            return new Horizon(steps, genome.a().output() == io.equilibria.config.OutputRange.LINEAR,
                    genome.b().output() == io.equilibria.config.OutputRange.LINEAR);
        }

        /** Both generators watched (unbounded outputs). */
        public static Horizon unbounded(long steps) {
            return new Horizon(steps, true, true);
        }
    }

    /** What one generator's displayed probes look like: a verdict (alive when none fits) and why. */
    public record Look(Verdict verdict, String reason, double score) {}

    /**
     * Judges one generator's displayed probes by what a person sees, in order: flat (every probe one
     * colour field), saturated (exploded), flat (at least half the probes one colour field),
     * collapsed, pixel noise or spectrally white (noise), blocky, grain (absolute, or relative to the
     * pictures' spatial deviation: noise); otherwise alive.
     * The score in [0, 1] falls smoothly towards each of these edges.
     */
    public static Look look(Pictures p) {
        double sat = p.saturation();
        double dev = p.spatialDeviation();
        double div = p.diversity();
        double hf = p.highFrequency();
        double slope = p.spectralSlope();
        double block = p.blockiness();
        double grain = p.grain();
        double relativeGrain = dev > 0 ? grain / dev : 0;
        double score = saturationFactor(sat) * smoothstep(dev, Thresholds.FLAT_DEVIATION, 3 * Thresholds.FLAT_DEVIATION)
                * diversityFactor(div) * slopeFactor(slope)
                * (1 - smoothstep(hf, Thresholds.HIGH_FREQUENCY_SOFT, Thresholds.HIGH_FREQUENCY_NOISE))
                * (1 - smoothstep(block, Thresholds.BLOCKS_INVISIBLE, Thresholds.BLOCKY))
                * (1 - smoothstep(grain, Thresholds.GRAIN_INVISIBLE, Thresholds.GRAIN))
                * (1 - smoothstep(relativeGrain, Thresholds.GRAIN_RELATIVE_INVISIBLE, Thresholds.GRAIN_RELATIVE));
        if (dev < Thresholds.FLAT_DEVIATION) {
            return new Look(Verdict.FLAT, f("every probe is one colour field (spatial deviation %.3g)", dev), score);
        }
        if (sat > Thresholds.SATURATED_FRACTION) {
            return new Look(Verdict.EXPLODED, f("saturated: %.0f%% of the displayed channel values are clipped", 100 * sat), score);
        }
        // A few lively probes lift the mean over the others' fields of one colour; a loop through
        // such latents spends most of its time on a flat field.
        double[] perProbe = p.probeDeviations();
        long flatProbes = Arrays.stream(perProbe).filter(d -> d < Thresholds.FLAT_DEVIATION).count();
        if (2 * flatProbes >= perProbe.length) {
            return new Look(Verdict.FLAT, f("%d of %d probes are one colour field (spatial deviation below %.2g)",
                    flatProbes, perProbe.length, Thresholds.FLAT_DEVIATION), score);
        }
        if (nanHigh(div) < Thresholds.DIVERSITY_COLLAPSED) {
            return new Look(Verdict.COLLAPSED, f("the probes show one image (diversity %.3g)", div), score);
        }
        if (hf > Thresholds.HIGH_FREQUENCY_NOISE) {
            return new Look(Verdict.NOISE, f("pixel noise: %.0f%% of the power is at high frequencies", 100 * hf), score);
        }
        if (nanLow(slope) > Thresholds.SLOPE_WHITE) {
            return new Look(Verdict.NOISE, f("spectrally white (power spectrum slope %.2f)", slope), score);
        }
        if (block > Thresholds.BLOCKY) {
            return new Look(Verdict.BLOCKY, f("blocky: steps across the pixel grid are %.1fx those inside it", block), score);
        }
        if (grain > Thresholds.GRAIN) {
            return new Look(Verdict.NOISE, f("grain: the median pixel lies %.3f from its neighbours' mean", grain), score);
        }
        if (relativeGrain > Thresholds.GRAIN_RELATIVE) {
            return new Look(Verdict.NOISE, f("grain: the median pixel lies %.3f from its neighbours' mean, %.1f%% of the"
                    + " pictures' spatial deviation", grain, 100 * relativeGrain), score);
        }
        return new Look(Verdict.ALIVE, f("diversity %.3g, deviation %.3g, slope %.2f, high frequencies %.0f%%, grain %.3f,"
                + " grid %.2f", div, dev, slope, 100 * hf, grain, block), score);
    }

    /**
     * The judgement of a trace that ended with {@code outcome} (and {@code reason}) and these final
     * probes; {@code horizon} says how far a promotion would train it (runaway magnitudes of
     * unbounded outputs are projected to there).
     */
    public static Judgement judge(List<Telemetry> trace, Outcome outcome, String reason, ProbeImages probes,
            Horizon horizon) {
        long horizonSteps = horizon.steps();
        if (outcome == Outcome.NON_FINITE) {
            return new Judgement(0, Verdict.EXPLODED, reason);
        }
        Spike spike = worstSpike(trace);
        Look a = look(Pictures.of(probes.a(), probes.count(), probes.resolution()));
        Look b = look(Pictures.of(probes.b(), probes.count(), probes.resolution()));
        double[] drift = windowDrift(trace);
        Runaway runaway = runaway(trace, horizon);

        double score = gradientFactor(spike.ratio) * Math.min(a.score(), b.score())
                * Math.min(driftFactor(drift[0]), driftFactor(drift[1]))
                * (1 - smoothstep(Math.log10(Math.max(runaway.projected, 1e-12)), 0, Math.log10(Thresholds.RMS_RUNAWAY)));

        Verdict verdict;
        String why;
        Look worse = a.verdict() == Verdict.ALIVE ? b : a;
        String side = worse == a ? "A" : "B";
        if (spike.ratio > Thresholds.GRADIENT_SPIKE) {
            verdict = Verdict.EXPLODED;
            why = f("gradient norm of %s reached %.3g at step %d, %.0fx its running median",
                    spike.network, spike.norm, spike.step, spike.ratio);
        } else if (runaway.projected > Thresholds.RMS_RUNAWAY) {
            verdict = Verdict.EXPLODED;
            why = f("runaway magnitude: %s's output RMS grows %.2gx per 100 steps (%.3g at step %d), %.3g by step %d",
                    runaway.side, Math.exp(100 * runaway.rate), runaway.last, runaway.step, runaway.projected, horizonSteps);
        } else if (worse.verdict() != Verdict.ALIVE) {
            verdict = worse.verdict();
            why = side + ": " + worse.reason();
        } else if (Math.max(nanLow(drift[0]), nanLow(drift[1])) > Thresholds.DRIFT_NOISE) {
            verdict = Verdict.NOISE;
            why = f("outputs change completely between rows (drift A %.3g, B %.3g)", drift[0], drift[1]);
        } else if (drift[0] < Thresholds.DRIFT_STATIC && drift[1] < Thresholds.DRIFT_STATIC) {
            verdict = Verdict.STATIC;
            why = f("outputs stopped changing (drift A %.2g, B %.2g over the last %d rows)",
                    drift[0], drift[1], windowRows(trace));
        } else {
            verdict = Verdict.ALIVE;
            why = f("gradients within %.0fx their median; drift A %.3g B %.3g; A: %s; B: %s",
                    spike.ratio, drift[0], drift[1], a.reason(), b.reason());
        }
        double edge = Thresholds.ALIVE_STABILITY;
        double s = verdict == Verdict.ALIVE ? edge + (1 - edge) * score : edge * Math.min(score, 0.999);
        return new Judgement(s, verdict, why);
    }

    /** The faster-growing generator's output RMS, its growth rate (log per step) and projection. */
    record Runaway(String side, double rate, double last, long step, double projected) {}

    /**
     * Fits log(RMS) against the step over the last {@link Thresholds#RMS_WINDOW} of the trace, for
     * A and B (those the horizon watches), and projects the faster-growing one to {@code horizonSteps} (growth only: a shrinking
     * or steady magnitude projects to its last value). Traces without RMS (older ones) project 0.
     */
    static Runaway runaway(List<Telemetry> trace, Horizon horizon) {
        long horizonSteps = horizon.steps();
        Runaway worst = new Runaway("A", 0, 0, 0, 0);
        int from = (int) Math.floor(trace.size() * (1 - Thresholds.RMS_WINDOW));
        for (int side = 0; side < 2; side++) {
            if (!(side == 0 ? horizon.watchA() : horizon.watchB())) {
                continue;
            }
            org.apache.commons.math3.stat.regression.SimpleRegression fit =
                    new org.apache.commons.math3.stat.regression.SimpleRegression();
            double last = 0;
            long step = 0;
            for (Telemetry t : trace.subList(from, trace.size())) {
                double rms = side == 0 ? t.stats().rmsA() : t.stats().rmsB();
                if (rms > 0 && Double.isFinite(rms)) {
                    fit.addData(t.step(), Math.log(rms));
                    last = rms;
                    step = t.step();
                }
            }
            if (fit.getN() < 3) {
                continue;
            }
            double rate = Math.max(0, fit.getSlope());
            double projected = last * Math.exp(Math.min(700, rate * Math.max(0, horizonSteps - step)));
            if (projected > worst.projected) {
                worst = new Runaway(side == 0 ? "A" : "B", rate, last, step, projected);
            }
        }
        return worst;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** The largest gradient norm relative to its network's running median over the earlier rows. */
    record Spike(double ratio, String network, double norm, long step) {}

    static Spike worstSpike(List<Telemetry> trace) {
        Spike worst = new Spike(1, "", 0, 0);
        for (int net = 0; net < 3; net++) {
            double[] history = new double[trace.size()];
            for (int i = 0; i < trace.size(); i++) {
                double norm = norm(trace.get(i), net);
                if (i >= Thresholds.GRADIENT_WARMUP_ROWS) {
                    double median = median(Arrays.copyOf(history, i));
                    double ratio = median > 0 ? norm / median : 1;
                    if (ratio > worst.ratio) {
                        worst = new Spike(ratio, "ABD".substring(net, net + 1), norm, trace.get(i).step());
                    }
                }
                history[i] = norm;
            }
        }
        return worst;
    }

    /**
     * Whether the newest row of a trace is an explosion worth stopping for: a gradient norm past
     * {@link Thresholds#GRADIENT_SPIKE} times the median of the earlier rows. A search calls this
     * after every row to save the rest of the budget; null when all is well.
     */
    public static String explosion(List<Telemetry> trace) {
        int last = trace.size() - 1;
        if (last < Thresholds.GRADIENT_WARMUP_ROWS) {
            return null;
        }
        for (int net = 0; net < 3; net++) {
            double[] history = new double[last];
            for (int i = 0; i < last; i++) {
                history[i] = norm(trace.get(i), net);
            }
            double median = median(history);
            double norm = norm(trace.get(last), net);
            if (median > 0 && norm / median > Thresholds.GRADIENT_SPIKE) {
                return String.format(Locale.ROOT, "gradient norm of %s reached %.3g at step %d, %.0fx its running median",
                        "ABD".substring(net, net + 1), norm, trace.get(last).step(), norm / median);
            }
        }
        return null;
    }

    private static double norm(Telemetry t, int net) {
        return switch (net) {
            case 0 -> t.stats().gradNormA();
            case 1 -> t.stats().gradNormB();
            default -> t.stats().gradNormD();
        };
    }

    private static int windowRows(List<Telemetry> trace) {
        return Math.max(1, (int) Math.ceil(trace.size() * Thresholds.DRIFT_WINDOW));
    }

    /**
     * Mean drift of A and B over the last window of the trace (the last quarter of its rows, at
     * least one; rows with a drift only): what the verdict judges and the stored summary shows.
     *
     * @return {A's, B's}, NaN when no row of the window has a drift
     */
    public static double[] windowDrift(List<Telemetry> trace) {
        double a = 0;
        double b = 0;
        int n = 0;
        for (Telemetry t : trace.subList(trace.size() - Math.min(trace.size(), windowRows(trace)), trace.size())) {
            if (Float.isFinite(t.driftA()) && Float.isFinite(t.driftB())) {
                a += t.driftA();
                b += t.driftB();
                n++;
            }
        }
        return n == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {a / n, b / n};
    }

    /** The median of finite {@code values} (the mean of the middle two for an even count); 0 for none. */
    static double median(double[] values) {
        return values.length == 0 ? 0 : new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(values);
    }

    private static double nanHigh(double v) {
        return Double.isNaN(v) ? Double.MAX_VALUE : v;
    }

    private static double nanLow(double v) {
        return Double.isNaN(v) ? -Double.MAX_VALUE : v;
    }

    /** 0 below {@code edge0}, 1 above {@code edge1}, smooth between. */
    static double smoothstep(double x, double edge0, double edge1) {
        double t = Math.max(0, Math.min(1, (x - edge0) / (edge1 - edge0)));
        return t * t * (3 - 2 * t);
    }

    private static double gradientFactor(double ratio) {
        return 1 - smoothstep(Math.log10(ratio), Math.log10(Thresholds.GRADIENT_STEADY),
                Math.log10(Thresholds.GRADIENT_SPIKE));
    }

    private static double saturationFactor(double fraction) {
        return 1 - smoothstep(fraction, 0.3, Thresholds.SATURATED_FRACTION);
    }

    private static double diversityFactor(double diversity) {
        return Double.isNaN(diversity) ? 1 : smoothstep(Math.log10(Math.max(diversity, 1e-12)),
                Math.log10(Thresholds.DIVERSITY_COLLAPSED), Math.log10(Thresholds.DIVERSITY_HEALTHY));
    }

    private static double driftFactor(double drift) {
        if (Double.isNaN(drift)) {
            return 0.5;
        }
        double d = Math.log10(Math.max(drift, 1e-12));
        return smoothstep(d, Math.log10(Thresholds.DRIFT_STATIC), Math.log10(Thresholds.DRIFT_LIVELY))
                * (1 - smoothstep(d, Math.log10(Thresholds.DRIFT_FAST), Math.log10(Thresholds.DRIFT_NOISE)));
    }

    private static double slopeFactor(double slope) {
        return Double.isNaN(slope) ? 0.5 : smoothstep(-slope, -Thresholds.SLOPE_WHITE, -Thresholds.SLOPE_STRUCTURED);
    }
}
