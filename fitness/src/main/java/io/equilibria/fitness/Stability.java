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
 * in order: exploded, collapsed, noise, static; what passes them is alive. Thresholds are in
 * {@link Thresholds}.
 */
public final class Stability {
    private Stability() {}

    public static Judgement judge(TrainingResult r) {
        return judge(r.trace(), r.outcome(), r.reason(), r.samples());
    }

    /** The judgement of a trace that ended with {@code outcome} (and {@code reason}) and these final probes. */
    public static Judgement judge(List<Telemetry> trace, Outcome outcome, String reason, ProbeImages probes) {
        if (outcome == Outcome.NON_FINITE) {
            return new Judgement(0, Verdict.EXPLODED, reason);
        }
        Spike spike = worstSpike(trace);
        Pictures a = new Pictures(probes.a(), probes.count(), probes.resolution());
        Pictures b = new Pictures(probes.b(), probes.count(), probes.resolution());
        double satA = a.saturation();
        double satB = b.saturation();
        double divA = a.diversity();
        double divB = b.diversity();
        double[] drift = windowDrift(trace);
        double slopeA = a.spectralSlope();
        double slopeB = b.spectralSlope();

        double score = gradientFactor(spike.ratio)
                * Math.min(saturationFactor(satA), saturationFactor(satB))
                * Math.min(diversityFactor(divA), diversityFactor(divB))
                * Math.min(driftFactor(drift[0]), driftFactor(drift[1]))
                * Math.min(slopeFactor(slopeA), slopeFactor(slopeB));

        Verdict verdict;
        String why;
        if (spike.ratio > Thresholds.GRADIENT_SPIKE) {
            verdict = Verdict.EXPLODED;
            why = String.format(Locale.ROOT, "gradient norm of %s reached %.3g at step %d, %.0fx its running median",
                    spike.network, spike.norm, spike.step, spike.ratio);
        } else if (Math.max(satA, satB) > Thresholds.SATURATED_FRACTION) {
            verdict = Verdict.EXPLODED;
            why = String.format(Locale.ROOT, "saturated: %.0f%% of %s's final pixels are outside [-1, 1]",
                    100 * Math.max(satA, satB), satA >= satB ? "A" : "B");
        } else if (Math.min(nanHigh(divA), nanHigh(divB)) < Thresholds.DIVERSITY_COLLAPSED) {
            verdict = Verdict.COLLAPSED;
            why = String.format(Locale.ROOT, "%s's probes show one image (diversity %.3g; A %.3g, B %.3g)",
                    nanHigh(divA) <= nanHigh(divB) ? "A" : "B", Math.min(nanHigh(divA), nanHigh(divB)), divA, divB);
        } else if (Math.max(nanLow(drift[0]), nanLow(drift[1])) > Thresholds.DRIFT_NOISE) {
            verdict = Verdict.NOISE;
            why = String.format(Locale.ROOT, "outputs change completely between rows (drift A %.3g, B %.3g)",
                    drift[0], drift[1]);
        } else if (Math.max(nanLow(slopeA), nanLow(slopeB)) > Thresholds.SLOPE_WHITE) {
            verdict = Verdict.NOISE;
            why = String.format(Locale.ROOT, "spectrally white (power spectrum slope A %.2f, B %.2f)", slopeA, slopeB);
        } else if (drift[0] < Thresholds.DRIFT_STATIC && drift[1] < Thresholds.DRIFT_STATIC) {
            verdict = Verdict.STATIC;
            why = String.format(Locale.ROOT, "outputs stopped changing (drift A %.2g, B %.2g over the last %d rows)",
                    drift[0], drift[1], windowRows(trace));
        } else {
            verdict = Verdict.ALIVE;
            why = String.format(Locale.ROOT,
                    "gradients within %.0fx their median; diversity A %.3g B %.3g; drift A %.3g B %.3g; slope A %.2f B %.2f",
                    spike.ratio, divA, divB, drift[0], drift[1], slopeA, slopeB);
        }
        double s = verdict == Verdict.ALIVE ? 0.5 + 0.5 * score : 0.5 * Math.min(score, 0.999);
        return new Judgement(s, verdict, why);
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

    /** Mean drift of A and B over the last window of the trace (rows with a drift only). */
    static double[] windowDrift(List<Telemetry> trace) {
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

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
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
        return 1 - smoothstep(fraction, 0.1, Thresholds.SATURATED_FRACTION);
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
