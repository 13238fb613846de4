package org.normsweep.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws a query's rows as a PNG line or bar chart with XChart (headless); the page draws them interactively too. */
final class Charts {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 520;

    private Charts() {}

    /** Writes {@code file} (a {@code .png}); rows whose x or y is null are skipped. */
    static void write(ReportQuery query, List<String> columns, List<Row> rows, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ReportQuery.ChartSpec spec = query.chart();
        int x = column(columns, spec.x(), query);
        int y = column(columns, spec.y(), query);
        int s = column(columns, spec.series(), query);
        // A chart with a selector (one layer at a time on the page) shows every selection at once here.
        String select = spec.options().get("select");
        int sel = select == null ? -1 : column(columns, select, query);
        Chart<?, ?> chart = spec.type().equals("line") ? line(query, rows, x, y, s, sel) : bar(query, rows, x, y, s);
        String name = file.toString();
        BitmapEncoder.saveBitmap(
                chart, name.substring(0, name.length() - ".png".length()), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart line(ReportQuery q, List<Row> rows, int x, int y, int s, int sel) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(q.title())
                .xAxisTitle(q.chart().x())
                .yAxisTitle(q.chart().y())
                .build();
        style(chart.getStyler());
        chart.getStyler().setXAxisTickMarkSpacingHint(120);
        boolean log = "log".equals(q.chart().options().get("yscale"));
        chart.getStyler().setYAxisLogarithmic(log);
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Row r : rows) {
            // A log axis cannot show zero: such points are left out of the PNG (the CSV has them).
            if (!r.isNullAt(x) && !r.isNullAt(y) && !(log && number(r.get(y)) <= 0)) {
                String key = (sel < 0 ? "" : r.get(sel) + " ") + r.get(s);
                series.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new double[] {number(r.get(x)), number(r.get(y))});
            }
        }
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            List<double[]> points = e.getValue();
            double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
            double[] ys = points.stream().mapToDouble(p -> p[1]).toArray();
            chart.addSeries(e.getKey(), xs, ys)
                    .setMarker(points.size() > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    private static CategoryChart bar(ReportQuery q, List<Row> rows, int x, int y, int s) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(q.title())
                .xAxisTitle(q.chart().x())
                .yAxisTitle(q.chart().y())
                .build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(45);
        // XChart wants every series over the same categories; a missing (series, category) pair counts 0.
        Set<String> categories = new LinkedHashSet<>();
        Map<String, Map<String, Double>> series = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!r.isNullAt(x) && !r.isNullAt(y)) {
                String category = String.valueOf(r.get(x));
                categories.add(category);
                series.computeIfAbsent(String.valueOf(r.get(s)), k -> new LinkedHashMap<>())
                        .put(category, number(r.get(y)));
            }
        }
        List<String> cats = new ArrayList<>(categories);
        for (Map.Entry<String, Map<String, Double>> e : series.entrySet()) {
            List<Double> ys = new ArrayList<>();
            for (String c : cats) {
                ys.add(e.getValue().getOrDefault(c, 0.0));
            }
            chart.addSeries(e.getKey(), cats, ys);
        }
        return chart;
    }

    private static void style(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
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
