package io.equilibria.archive.browse;

import static io.equilibria.training.TelemetryColumn.*;

import io.equilibria.archive.cluster.ClusterPictures;
import io.equilibria.training.TelemetryColumn;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Charts of a training's telemetry CSV (losses, gradient norms, variance, drift over the steps). */
final class TelemetryCharts {
    /** Chart name → the CSV columns it draws (those present: older traces lack the newer columns). */
    static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

    static {
        group("losses", D_LOSS, A_CLASS, A_EMBED, A_COLOUR, B_CLASS, B_EMBED, B_COLOUR);
        group("gradients", GRAD_NORM_A, GRAD_NORM_B, GRAD_NORM_D);
        group("variance", VARIANCE_A, VARIANCE_B, EMBED_DISTANCE);
        group("drift", DRIFT_A, DRIFT_B);
        group("magnitude", RMS_A, RMS_B);
    }

    private static void group(String name, TelemetryColumn... columns) {
        GROUPS.put(name, java.util.Arrays.stream(columns).map(TelemetryColumn::csvName).toList());
    }

    private TelemetryCharts() {}

    static byte[] png(Path csv, String group) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        if (!lines.isEmpty()) {
            List<String> header = List.of(lines.get(0).split(","));
            int step = header.indexOf(TelemetryColumn.STEP.csvName());
            List<Integer> columns = new ArrayList<>();
            for (String name : GROUPS.get(group)) {
                int at = header.indexOf(name);
                if (at >= 0) {
                    columns.add(at);
                    data.addSeries(new XYSeries(name, true, true));
                }
            }
            for (int row = 1; row < lines.size(); row++) {
                String[] f = lines.get(row).split(",", -1);
                for (int c = 0; c < columns.size(); c++) {
                    try {
                        double x = step >= 0 ? Double.parseDouble(f[step]) : row;
                        double y = Double.parseDouble(f[columns.get(c)]);
                        if (Double.isFinite(y)) {
                            data.getSeries(c).add(x, y);
                        }
                    } catch (RuntimeException ignored) {
                        // a short or malformed row: left out of the chart
                    }
                }
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart(group, "step", null, data, PlotOrientation.VERTICAL, true,
                false, false);
        chart.setBackgroundPaint(new Color(0x1b1b1e));
        chart.getTitle().setPaint(new Color(0xe6e6e6));
        chart.getLegend().setBackgroundPaint(new Color(0x1b1b1e));
        chart.getLegend().setItemPaint(new Color(0xe6e6e6));
        chart.getXYPlot().setBackgroundPaint(new Color(0x141416));
        chart.getXYPlot().getDomainAxis().setTickLabelPaint(new Color(0x9a9aa2));
        chart.getXYPlot().getDomainAxis().setLabelPaint(new Color(0x9a9aa2));
        chart.getXYPlot().getRangeAxis().setTickLabelPaint(new Color(0x9a9aa2));
        return ClusterPictures.png(ClusterPictures.image(chart, 760, 300));
    }
}
