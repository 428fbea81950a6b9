package io.equilibria.training;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The columns of a telemetry CSV, in file order: the one schema its writers ({@link TelemetryCsv})
 * and readers (the browser's charts, notebooks) share. Column names are stable: stored traces are
 * read by name.
 */
public enum TelemetryColumn {
    STEP("step", t -> Long.toString(t.step())),
    SECONDS("seconds", t -> String.format(Locale.ROOT, "%.3f", t.seconds())),
    RESOLUTION("resolution", t -> Integer.toString(t.resolution())),
    ALPHA("alpha", t -> f(t.alpha())),
    D_LOSS("d_loss", t -> f(t.stats().dLoss())),
    A_CLASS("a_class", t -> f(t.stats().aClass())),
    A_EMBED("a_embed", t -> f(t.stats().aEmbed())),
    A_COLOUR("a_colour", t -> f(t.stats().aColour())),
    B_CLASS("b_class", t -> f(t.stats().bClass())),
    B_EMBED("b_embed", t -> f(t.stats().bEmbed())),
    B_COLOUR("b_colour", t -> f(t.stats().bColour())),
    GRAD_NORM_A("grad_norm_a", t -> f(t.stats().gradNormA())),
    GRAD_NORM_B("grad_norm_b", t -> f(t.stats().gradNormB())),
    GRAD_NORM_D("grad_norm_d", t -> f(t.stats().gradNormD())),
    D_SIGN_A("d_sign_a", t -> f(t.stats().dSignA())),
    D_SIGN_B("d_sign_b", t -> f(t.stats().dSignB())),
    VARIANCE_A("variance_a", t -> f(t.stats().varianceA())),
    VARIANCE_B("variance_b", t -> f(t.stats().varianceB())),
    EMBED_DISTANCE("embed_distance", t -> f(t.stats().embedDistance())),
    DRIFT_A("drift_a", t -> f(t.driftA())),
    DRIFT_B("drift_b", t -> f(t.driftB())),
    NON_FINITE("non_finite", t -> t.nonFinite() ? "1" : "0"),
    RMS_A("rms_a", t -> f(t.stats().rmsA())),
    RMS_B("rms_b", t -> f(t.stats().rmsB()));

    /** The header line of a telemetry CSV. */
    public static final String HEADER = Arrays.stream(values()).map(TelemetryColumn::csvName)
            .collect(Collectors.joining(","));

    private final String csvName;
    private final Function<Telemetry, String> value;

    TelemetryColumn(String csvName, Function<Telemetry, String> value) {
        this.csvName = csvName;
        this.value = value;
    }

    /** The column's name in the header. */
    public String csvName() {
        return csvName;
    }

    /** A row's value in this column, as the CSV holds it (floats as the shortest text that reads back). */
    public String of(Telemetry row) {
        return value.apply(row);
    }

    /** A row as one CSV line (no line end). */
    public static String line(Telemetry row) {
        return Arrays.stream(values()).map(c -> c.of(row)).collect(Collectors.joining(","));
    }

    private static String f(float v) {
        return Float.toString(v);
    }
}
