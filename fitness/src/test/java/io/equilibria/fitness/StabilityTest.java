package io.equilibria.fitness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.equilibria.training.Outcome;
import io.equilibria.training.ProbeImages;
import io.equilibria.training.StepStats;
import io.equilibria.training.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The verdicts on synthetic traces and pictures, one per verdict, and the score's ordering. */
class StabilityTest {
    static final int R = 32;
    static final int PROBES = 4;

    /** A promotion's horizon for a 200-step training. */
    static final Stability.Horizon HORIZON = Stability.Horizon.unbounded(Stability.promotion(200));

    static Judgement judge(List<Telemetry> trace, Outcome outcome, String reason, ProbeImages probes) {
        return Stability.judge(trace, outcome, reason, probes, HORIZON);
    }

    /** A trace of {@code rows} rows with steady gradients (about 1) and the given drift. */
    static List<Telemetry> trace(int rows, double drift) {
        return trace(rows, drift, 0);
    }

    /**
     * A trace of {@code rows} rows (every 10 steps) with steady gradients, the given drift, and an
     * output RMS of 0.5 growing by {@code growth} (log per step).
     */
    static List<Telemetry> trace(int rows, double drift, double growth) {
        List<Telemetry> t = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < rows; i++) {
            float g = (float) (1 + 0.2 * random.nextGaussian());
            float rms = (float) (0.5 * Math.exp(growth * 10 * (i + 1)) * (1 + 0.01 * random.nextGaussian()));
            StepStats s = new StepStats(0.7f, 0.5f, 0.1f, 0.01f, 0.5f, 0.1f, 0.01f, g, g * 1.1f, g * 0.5f,
                    0.1f, -0.1f, 0.2f, 0.2f, 1.0f, rms, 0.5f);
            t.add(new Telemetry(10L * (i + 1), i, R, 1, s, i == 0 ? Float.NaN : (float) drift, i == 0 ? Float.NaN
                    : (float) drift, false));
        }
        return t;
    }

    static List<Telemetry> withSpike(List<Telemetry> trace, float norm) {
        List<Telemetry> t = new ArrayList<>(trace);
        Telemetry last = t.removeLast();
        StepStats s = last.stats();
        t.add(new Telemetry(last.step(), last.seconds(), last.resolution(), last.alpha(), new StepStats(s.dLoss(),
                s.aClass(), s.aEmbed(), s.aColour(), s.bClass(), s.bEmbed(), s.bColour(), norm, s.gradNormB(),
                s.gradNormD(), s.dSignA(), s.dSignB(), s.varianceA(), s.varianceB(), s.embedDistance(), s.rmsA(), s.rmsB()),
                last.driftA(), last.driftB(), false));
        return t;
    }

    /**
     * Smooth pictures with a power spectrum falling as about f^-3 (as the living finds of the cpu
     * search measure), different for every probe (like a healthy generator): plane waves of 1 to 12
     * cycles a picture in random directions, all below the 16 a 32-pixel picture can hold (waves
     * beyond it alias into per-pixel grain).
     */
    static float[] smooth(long seed, double gain) {
        Random random = new Random(seed);
        float[] px = new float[PROBES * 3 * R * R];
        for (int i = 0; i < PROBES; i++) {
            for (int c = 0; c < 3; c++) {
                double[][] waves = new double[12][];
                for (int w = 0; w < waves.length; w++) {
                    double f = 1 + w;
                    double direction = random.nextDouble() * 2 * Math.PI;
                    waves[w] = new double[] {f * Math.cos(direction), f * Math.sin(direction),
                        random.nextDouble() * 6.3, 0.5 / Math.pow(f, 1.5)};
                }
                for (int y = 0; y < R; y++) {
                    for (int x = 0; x < R; x++) {
                        double v = 0;
                        for (double[] w : waves) {
                            v += w[3] * Math.sin(2 * Math.PI * (w[0] * x + w[1] * y) / R + w[2]);
                        }
                        px[((i * 3 + c) * R + y) * R + x] = (float) (gain * v);
                    }
                }
            }
        }
        return px;
    }

    static float[] white(long seed) {
        Random random = new Random(seed);
        float[] px = new float[PROBES * 3 * R * R];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return px;
    }

    static float[] oneImage(long seed) {
        float[] px = smooth(seed, 1);
        int size = 3 * R * R;
        for (int i = 1; i < PROBES; i++) {
            System.arraycopy(px, 0, px, i * size, size);
        }
        return px;
    }

    static ProbeImages probes(float[] a, float[] b) {
        return new ProbeImages(PROBES, R, a, b);
    }

    @Test
    void aHealthyTraceIsAliveAndScoresAboveOneHalf() {
        Judgement j = judge(trace(20, 0.02), Outcome.COMPLETED, "", probes(smooth(1, 1), smooth(2, 1)));
        assertEquals(Verdict.ALIVE, j.verdict(), j.reason());
        assertTrue(j.score() > 0.5 && j.score() <= 1, j.toString());
    }

    @Test
    void nonFiniteNumbersAreAnExplosionWithTheTrainersReason() {
        Judgement j = judge(trace(5, 0.02), Outcome.NON_FINITE, "non-finite d_loss=NaN at step 12",
                probes(smooth(1, 1), smooth(2, 1)));
        assertEquals(new Judgement(0, Verdict.EXPLODED, "non-finite d_loss=NaN at step 12"), j);
    }

    @Test
    void aGradientSpikeIsAnExplosionAndIsCaughtAsItHappens() {
        List<Telemetry> spiked = withSpike(trace(12, 0.02), 500f);
        Judgement j = judge(spiked, Outcome.COMPLETED, "", probes(smooth(1, 1), smooth(2, 1)));
        assertEquals(Verdict.EXPLODED, j.verdict());
        assertTrue(j.reason().startsWith("gradient norm of A reached 500 at step 120"), j.reason());
        assertTrue(j.score() < 0.5);
        assertTrue(Stability.explosion(spiked).startsWith("gradient norm of A reached 500"));
        assertNull(Stability.explosion(trace(12, 0.02)));
        assertNull(Stability.explosion(withSpike(trace(12, 0.02), 50f)), "50x is wild, not an explosion");
    }

    @Test
    void saturatedOutputsAreAnExplosion() {
        float[] hot = smooth(1, 40);
        Judgement j = judge(trace(20, 0.02), Outcome.COMPLETED, "", probes(hot, smooth(2, 1)));
        assertEquals(Verdict.EXPLODED, j.verdict(), j.reason());
        assertTrue(j.reason().startsWith("A: saturated:") && j.reason().contains("displayed channel values are clipped"),
                j.reason());
    }

    @Test
    void probesThatShowOneImageAreACollapse() {
        Judgement j = judge(trace(20, 0.02), Outcome.COMPLETED, "", probes(smooth(1, 1), oneImage(3)));
        assertEquals(Verdict.COLLAPSED, j.verdict(), j.reason());
        assertTrue(j.reason().startsWith("B: the probes show one image"), j.reason());
    }

    @Test
    void outputsThatStopChangingAreStatic() {
        Judgement j = judge(trace(20, 1e-5), Outcome.COMPLETED, "", probes(smooth(1, 1), smooth(2, 1)));
        assertEquals(Verdict.STATIC, j.verdict(), j.reason());
        assertTrue(j.reason().startsWith("outputs stopped changing"), j.reason());
    }

    @Test
    void outputsThatChangeCompletelyOrAreWhiteAreNoise() {
        Judgement fast = judge(trace(20, 0.8), Outcome.COMPLETED, "", probes(smooth(1, 1), smooth(2, 1)));
        assertEquals(Verdict.NOISE, fast.verdict(), fast.reason());
        Judgement white = judge(trace(20, 0.02), Outcome.COMPLETED, "", probes(white(1), smooth(2, 1)));
        assertEquals(Verdict.NOISE, white.verdict(), white.reason());
        assertTrue(white.reason().startsWith("A: pixel noise"), white.reason());
    }

    /** Pictures of {@code side}-pixel blocks of random colour: nearest-upsampled noise. */
    static float[] blocks(long seed, int side) {
        Random random = new Random(seed);
        float[] px = new float[PROBES * 3 * R * R];
        for (int i = 0; i < PROBES; i++) {
            for (int c = 0; c < 3; c++) {
                float[] cells = new float[(R / side) * (R / side)];
                for (int k = 0; k < cells.length; k++) {
                    cells[k] = (float) (random.nextDouble() * 1.6 - 0.8);
                }
                for (int y = 0; y < R; y++) {
                    for (int x = 0; x < R; x++) {
                        px[((i * 3 + c) * R + y) * R + x] = cells[(y / side) * (R / side) + x / side];
                    }
                }
            }
        }
        return px;
    }

    /** Every probe one colour field, a different one per probe. */
    static float[] flat(long seed) {
        Random random = new Random(seed);
        float[] px = new float[PROBES * 3 * R * R];
        int plane = R * R;
        for (int i = 0; i < PROBES * 3; i++) {
            java.util.Arrays.fill(px, i * plane, (i + 1) * plane, (float) (random.nextDouble() - 0.5));
        }
        return px;
    }

    @Test
    void oneColourFieldPerProbeIsFlat() {
        Judgement j = judge(trace(20, 0.02), Outcome.COMPLETED, "", probes(smooth(1, 1), flat(2)));
        assertEquals(Verdict.FLAT, j.verdict(), j.reason());
        assertTrue(j.reason().startsWith("B: every probe is one colour field"), j.reason());
    }

    @Test
    void halfTheProbesOneColourFieldIsFlatThoughTheOthersLive() {
        int plane = 3 * R * R;
        float[] half = smooth(1, 1);
        float[] fewer = smooth(1, 1);
        float[] fields = flat(2);
        System.arraycopy(fields, 0, half, 0, PROBES / 2 * plane);
        System.arraycopy(fields, 0, fewer, 0, (PROBES / 2 - 1) * plane);
        Judgement j = judge(trace(20, 0.02), Outcome.COMPLETED, "", probes(smooth(3, 1), half));
        assertEquals(Verdict.FLAT, j.verdict(), j.reason());
        assertTrue(j.reason().startsWith("B: " + PROBES / 2 + " of " + PROBES + " probes are one colour field"), j.reason());
        assertTrue(Pictures.of(half, PROBES, R).spatialDeviation() > Thresholds.FLAT_DEVIATION,
                "the mean over the probes alone would not see it");
        Judgement alive = judge(trace(20, 0.02), Outcome.COMPLETED, "", probes(smooth(3, 1), fewer));
        assertEquals(Verdict.ALIVE, alive.verdict(), alive.reason());
    }

    @Test
    void nearestUpsampledNoiseIsBlockyAndFineNoiseIsNoise() {
        Judgement blocky = judge(trace(20, 0.02), Outcome.COMPLETED, "", probes(blocks(1, 4), smooth(2, 1)));
        assertEquals(Verdict.BLOCKY, blocky.verdict(), blocky.reason());
        assertTrue(blocky.reason().startsWith("A: blocky"), blocky.reason());
        Judgement fine = judge(trace(20, 0.02), Outcome.COMPLETED, "", probes(smooth(1, 1), blocks(3, 2)));
        assertEquals(Verdict.NOISE, fine.verdict(), "2-pixel blocks of noise are still pixel noise: " + fine.reason());
        assertTrue(Pictures.of(blocks(1, 4), PROBES, R).blockiness() > Thresholds.BLOCKY);
        assertTrue(Pictures.of(smooth(1, 1), PROBES, R).blockiness() < Thresholds.BLOCKS_INVISIBLE);
    }

    @Test
    void aMagnitudeThatWouldRunAwayWithinAPromotionIsAnExplosion() {
        // 0.5 growing 0.4% a step: 3.3x over a 300-step search, past 10^4 long before a promotion's end.
        Judgement j = judge(trace(30, 0.02, 0.004), Outcome.COMPLETED, "", probes(smooth(1, 1), smooth(2, 1)));
        assertEquals(Verdict.EXPLODED, j.verdict(), j.reason());
        assertTrue(j.reason().startsWith("runaway magnitude: A's output RMS grows"), j.reason());
        Judgement steady = judge(trace(30, 0.02, 0), Outcome.COMPLETED, "", probes(smooth(1, 1), smooth(2, 1)));
        assertEquals(Verdict.ALIVE, steady.verdict(), steady.reason());
        Judgement shortHorizon = Stability.judge(trace(30, 0.02, 0.004), Outcome.COMPLETED, "",
                probes(smooth(1, 1), smooth(2, 1)), Stability.Horizon.unbounded(400));
        assertEquals(Verdict.ALIVE, shortHorizon.verdict(), "2.5 by step 400 is no runaway: " + shortHorizon.reason());
        Judgement behindTanh = Stability.judge(trace(30, 0.02, 0.004), Outcome.COMPLETED, "",
                probes(smooth(1, 1), smooth(2, 1)), new Stability.Horizon(HORIZON.steps(), false, true));
        assertEquals(Verdict.ALIVE, behindTanh.verdict(), "a tanh output cannot overflow: " + behindTanh.reason());
    }

    @Test
    void theSpectralSlopeTellsStructureFromWhiteNoise() {
        double structured = Pictures.of(smooth(1, 1), PROBES, R).spectralSlope();
        double flat = Pictures.of(white(1), PROBES, R).spectralSlope();
        assertTrue(structured < -1.5, "smooth pictures: slope " + structured);
        assertTrue(Math.abs(flat) < 0.3, "white noise: slope " + flat);
    }

    @Test
    void theScoreFallsTowardsTheEdgesOfEquilibrium() {
        ProbeImages healthy = probes(smooth(1, 1), smooth(2, 1));
        double lively = judge(trace(20, 0.02), Outcome.COMPLETED, "", healthy).score();
        double sluggish = judge(trace(20, 1e-3), Outcome.COMPLETED, "", healthy).score();
        double wild = judge(withSpike(trace(20, 0.02), 40f), Outcome.COMPLETED, "", healthy).score();
        assertTrue(lively > sluggish, lively + " vs " + sluggish);
        assertTrue(lively > wild, lively + " vs " + wild);
    }
}
