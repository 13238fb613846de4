package org.normsweep.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a query's rows as a PNG line or bar chart with XChart (headless); the page draws them interactively too.
 * Header keys beyond the columns: {@code error} (± error bars), {@code xscale}/{@code yscale: log}, {@code ylabel},
 * {@code dashed} (lines whose series name ends with it are dashed).
 */
final class Charts {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 520;

    private Charts() {}

    /** Writes {@code file} (a {@code .png}); rows whose x or y is null are skipped. */
    static void write(ReportQuery query, List<String> columns, List<Row> rows, Path file) throws IOException {
        String name = file.toString();
        BitmapEncoder.saveBitmap(
                chart(query, columns, rows),
                name.substring(0, name.length() - ".png".length()),
                BitmapEncoder.BitmapFormat.PNG);
    }

    /** The chart {@link #write} saves: an {@link XYChart} for a line chart, a {@link CategoryChart} for a bar chart. */
    static Chart<?, ?> chart(ReportQuery query, List<String> columns, List<Row> rows) {
        System.setProperty("java.awt.headless", "true");
        ReportQuery.ChartSpec spec = query.chart();
        Columns c = new Columns(
                column(columns, spec.x(), query),
                column(columns, spec.y(), query),
                column(columns, spec.series(), query),
                // A chart with a selector (one layer at a time on the page) shows every selection at once here.
                optional(columns, spec.options().get("select"), query),
                optional(columns, spec.options().get("error"), query));
        return spec.type().equals("line") ? line(query, rows, c) : bar(query, rows, c);
    }

    /** Column indices; {@code sel} and {@code err} are -1 when the chart has none. */
    private record Columns(int x, int y, int s, int sel, int err) {
        String series(Row r) {
            return (sel < 0 ? "" : r.get(sel) + " ") + r.get(s);
        }

        /** The error bar's half-width; 0 where there is none (one seed: no standard deviation). */
        double error(Row r) {
            if (err < 0 || r.isNullAt(err)) {
                return 0;
            }
            double e = number(r.get(err));
            return Double.isFinite(e) ? e : 0;
        }
    }

    private static XYChart line(ReportQuery q, List<Row> rows, Columns c) {
        boolean logX = "log".equals(q.chart().options().get("xscale"));
        boolean logY = "log".equals(q.chart().options().get("yscale"));
        String dashed = q.chart().options().get("dashed");
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Row r : rows) {
            // A log axis cannot show zero: such points are left out of the PNG (the CSV has them).
            if (!r.isNullAt(c.x())
                    && !r.isNullAt(c.y())
                    && !(logX && number(r.get(c.x())) <= 0)
                    && !(logY && number(r.get(c.y())) <= 0)) {
                series.computeIfAbsent(c.series(r), k -> new ArrayList<>())
                        .add(new double[] {number(r.get(c.x())), number(r.get(c.y())), c.error(r)});
            }
        }
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(height(series.size()))
                .title(q.title())
                .xAxisTitle(q.chart().x())
                .yAxisTitle(yTitle(q))
                .build();
        style(chart.getStyler(), series.size());
        chart.getStyler().setXAxisTickMarkSpacingHint(120);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            List<double[]> points = e.getValue();
            double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
            double[] ys = points.stream().mapToDouble(p -> p[1]).toArray();
            double[] errors = points.stream()
                    .mapToDouble(p -> logY ? logSafe(p[1], p[2]) : p[2])
                    .toArray();
            boolean bars = java.util.Arrays.stream(errors).anyMatch(v -> v > 0);
            XYSeries added = bars ? chart.addSeries(e.getKey(), xs, ys, errors) : chart.addSeries(e.getKey(), xs, ys);
            added.setMarker(points.size() > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            if (dashed != null && e.getKey().endsWith(dashed)) {
                added.setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        return chart;
    }

    private static CategoryChart bar(ReportQuery q, List<Row> rows, Columns c) {
        boolean logY = "log".equals(q.chart().options().get("yscale"));
        // XChart wants every series over the same categories; a missing (series, category) pair draws no bar.
        Set<String> categories = new LinkedHashSet<>();
        Map<String, Map<String, double[]>> series = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!r.isNullAt(c.x()) && !r.isNullAt(c.y()) && !(logY && number(r.get(c.y())) <= 0)) {
                String category = String.valueOf(r.get(c.x()));
                categories.add(category);
                series.computeIfAbsent(c.series(r), k -> new LinkedHashMap<>())
                        .put(category, new double[] {number(r.get(c.y())), c.error(r)});
            }
        }
        List<String> cats = ordered(categories);
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(height(series.size()))
                .title(q.title())
                .xAxisTitle(q.chart().x())
                .yAxisTitle(yTitle(q))
                .build();
        style(chart.getStyler(), series.size());
        chart.getStyler().setXAxisLabelRotation(45);
        // Dark error bars: a bar's own colour would hide the lower half inside it.
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        chart.getStyler().setYAxisLogarithmic(logY);
        if (logY && !series.isEmpty()) {
            // XChart anchors a bar chart's y axis at 0, which a log axis cannot show: start it at the decade below the
            // lowest bar or error bar instead.
            double low = series.values().stream()
                    .flatMap(m -> m.values().stream())
                    .mapToDouble(v -> v[0] - logSafe(v[0], v[1]))
                    .min()
                    .orElse(1);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(low))));
        }
        for (Map.Entry<String, Map<String, double[]>> e : series.entrySet()) {
            List<Double> ys = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (String cat : cats) {
                double[] v = e.getValue().get(cat);
                ys.add(v == null ? null : v[0]);
                errors.add(v == null ? 0.0 : logY ? logSafe(v[0], v[1]) : v[1]);
            }
            if (errors.stream().anyMatch(v -> v > 0)) {
                chart.addSeries(e.getKey(), cats, ys, errors);
            } else {
                chart.addSeries(e.getKey(), cats, ys);
            }
        }
        return chart;
    }

    /**
     * Categories in numeric order when every one is a number (histogram bins, learning rates: in text order 1.0
     * would come before 0.5), else in row order (the query's ORDER BY).
     */
    static List<String> ordered(Set<String> categories) {
        List<String> out = new ArrayList<>(categories);
        if (!out.isEmpty() && out.stream().allMatch(Charts::isNumber)) {
            out.sort(Comparator.comparingDouble(Double::parseDouble));
        }
        return out;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** On a log axis an error bar may not reach zero: it is shortened to stop just above it (the CSV has the sd). */
    private static double logSafe(double y, double error) {
        return error < y ? error : y * 0.99;
    }

    private static String yTitle(ReportQuery q) {
        return q.chart().options().getOrDefault("ylabel", q.chart().y());
    }

    /** Taller where the legend (one series a line) needs it, up to three times the usual height. */
    private static int height(int series) {
        return series > 4 ? Math.min(3 * HEIGHT, Math.max(HEIGHT, 60 + 25 * series)) : HEIGHT;
    }

    /** Legend below the plot; with more series than fit in one row beside it, one per line (a row would be cut). */
    private static void style(Styler styler, int series) {
        boolean many = series > 4;
        styler.setLegendPosition(many ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(many ? Styler.LegendLayout.Vertical : Styler.LegendLayout.Horizontal);
        if (many) {
            styler.setLegendFont(styler.getLegendFont().deriveFont(11f));
            styler.setLegendPadding(4);
        }
        styler.setChartBackgroundColor(Color.WHITE);
    }

    private static int optional(List<String> columns, String name, ReportQuery q) {
        return name == null ? -1 : column(columns, name, q);
    }

    private static int column(List<String> columns, String name, ReportQuery q) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(
                    q.name() + ".sql: the chart names column '" + name + "', but the query returns " + columns);
        }
        return i;
    }

    private static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return Double.parseDouble(String.valueOf(v));
    }
}
