package org.normsweep.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;

/** The PNG charts of the built-in queries over hand-made rows: bin order, error bars, log axes. No Spark needed. */
class ChartsTest {
    @TempDir
    Path dir;

    private static ReportQuery builtIn(String name) {
        return ReportQueries.builtIn().stream()
                .filter(q -> q.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void histogramBinsAreInNumericOrderAcrossSeries() {
        // As Spark returns them (decimals), each series in bin order, the second reaching lower and higher bins.
        List<Row> rows = List.of(
                RowFactory.create("a bn1", new BigDecimal("0.95"), 3L),
                RowFactory.create("a bn1", new BigDecimal("1.00"), 5L),
                RowFactory.create("b bn1", new BigDecimal("-0.10"), 1L),
                RowFactory.create("b bn1", new BigDecimal("0.50"), 2L),
                RowFactory.create("b bn1", new BigDecimal("1.00"), 4L),
                RowFactory.create("b bn1", new BigDecimal("10.00"), 1L));
        CategoryChart chart =
                (CategoryChart) Charts.chart(builtIn("bn_gamma_histograms"), List.of("series", "bin", "values"), rows);
        List<String> expected = List.of("-0.10", "0.50", "0.95", "1.00", "10.00");
        for (CategorySeries s : chart.getSeriesMap().values()) {
            assertEquals(expected, new ArrayList<>(s.getXData()), s.getName());
        }
        // Bins a series lacks draw no bar (null), not a bar of height 0 at a wrong place.
        List<Number> a = new ArrayList<>(chart.getSeriesMap().get("a bn1").getYData());
        assertEquals(java.util.Arrays.asList(null, null, 3.0, 5.0, null), a);
    }

    @Test
    void accuracyPerEpochHasErrorBarsOfOneSdWhereThereAreSeeds() throws IOException {
        List<String> columns = List.of(
                "config",
                "epoch",
                "test_accuracy",
                "trials",
                "test_accuracy_sd",
                "test_accuracy_min",
                "test_accuracy_max");
        List<Row> rows = List.of(
                RowFactory.create("bn_exclude=none", 1, 0.8, 3L, 0.03, 0.77, 0.83),
                RowFactory.create("bn_exclude=none", 2, 0.85, 3L, 0.01, 0.84, 0.86),
                RowFactory.create("bn_exclude=1", 1, 0.5, 1L, null, 0.5, 0.5),
                RowFactory.create("bn_exclude=1", 2, 0.6, 1L, null, 0.6, 0.6));
        ReportQuery q = builtIn("accuracy_per_epoch");
        XYChart chart = (XYChart) Charts.chart(q, columns, rows);
        XYSeries bn = chart.getSeriesMap().get("bn_exclude=none");
        assertArrayEquals(new double[] {0.8, 0.85}, bn.getYData(), 1e-12);
        assertArrayEquals(new double[] {0.03, 0.01}, bn.getExtraValues(), 1e-12, "error bars: ± sd");
        assertNull(chart.getSeriesMap().get("bn_exclude=1").getExtraValues(), "one seed: no error bars");
        Path png = dir.resolve("a.png");
        Charts.write(q, columns, rows, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(960, image.getWidth());
        assertTrue(Files.size(png) < 100_000, "a small PNG: " + Files.size(png));
    }

    @Test
    void accuracyAgainstLrHasALogLrAxisAndErrorBars() {
        List<String> columns = List.of(
                "series", "setting", "lr", "trials", "completed", "diverged", "value", "sd", "acc_min", "acc_max");
        List<Row> rows = List.of(
                RowFactory.create("bn_exclude=none", "bn_exclude=none", 0.05, 3L, 3L, 0L, 0.8, 0.02, 0.78, 0.82),
                RowFactory.create("bn_exclude=none", "bn_exclude=none", 4.0, 3L, 1L, 2L, 0.7, null, 0.7, 0.7),
                RowFactory.create(
                        "bn_exclude=none diverged share", "bn_exclude=none", 0.05, 3L, 3L, 0L, 0.0, null, null, null),
                RowFactory.create(
                        "bn_exclude=none diverged share",
                        "bn_exclude=none",
                        4.0,
                        3L,
                        1L,
                        2L,
                        0.6667,
                        null,
                        null,
                        null));
        XYChart chart = (XYChart) Charts.chart(builtIn("accuracy_vs_lr"), columns, rows);
        assertTrue(chart.getStyler().isXAxisLogarithmic(), "log lr axis");
        assertEquals("final test accuracy (or diverged share)", chart.getYAxisTitle());
        assertArrayEquals(
                new double[] {0.02, 0},
                chart.getSeriesMap().get("bn_exclude=none").getExtraValues(),
                1e-12);
        XYSeries diverged = chart.getSeriesMap().get("bn_exclude=none diverged share");
        assertArrayEquals(new double[] {0.0, 0.6667}, diverged.getYData(), 1e-12);
        assertEquals(SeriesLines.DASH_DASH, diverged.getLineStyle(), "the diverged share is dashed");
        assertNotEquals(
                SeriesLines.DASH_DASH,
                chart.getSeriesMap().get("bn_exclude=none").getLineStyle());
    }

    @Test
    void magnitudesAreOnLogAxes() throws IOException {
        for (String name : List.of("gradient_magnitudes", "layer_magnitudes")) {
            assertEquals("log", builtIn(name).chart().options().get("yscale"), name);
        }
        List<String> columns = List.of("config", "site", "mean_abs", "mean_sq");
        List<Row> rows = List.of(
                RowFactory.create("bn_exclude=none", "conv1 pre", 0.8, 1.0),
                RowFactory.create("bn_exclude=none", "conv1 post", 0.5, 0.3),
                RowFactory.create("bn_exclude=1", "conv1 pre", 12.7, 200.0),
                RowFactory.create("bn_exclude=1", "conv1 post", 0.0, 0.0));
        ReportQuery q = builtIn("activation_magnitudes");
        CategoryChart chart = (CategoryChart) Charts.chart(q, columns, rows);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        List<Number> plain =
                new ArrayList<>(chart.getSeriesMap().get("bn_exclude=1").getYData());
        assertEquals(java.util.Arrays.asList(12.7, null), plain, "zero has no place on a log axis");
        Charts.write(q, columns, rows, dir.resolve("m.png"));
        assertTrue(Files.size(dir.resolve("m.png")) > 0);
    }

    @Test
    void barsWithErrorBarsOnALogAxisStayAboveZero() throws IOException {
        List<String> columns = List.of("config", "stage", "layer", "trials", "mean_abs", "sd", "min_abs", "max_abs");
        List<Row> rows = List.of(
                RowFactory.create("a", "before training", "dense1", 3L, 12.7, 20.0, 1.0, 40.0),
                RowFactory.create("a", "after training", "dense1", 3L, 3.0, 0.5, 2.5, 3.5));
        ReportQuery q = builtIn("first_layer_scale");
        CategoryChart chart = (CategoryChart) Charts.chart(q, columns, rows);
        List<Number> before =
                new ArrayList<>(chart.getSeriesMap().get("before training").getExtraValues());
        assertTrue(before.get(0).doubleValue() < 12.7, "shortened below the point: " + before);
        List<Number> after =
                new ArrayList<>(chart.getSeriesMap().get("after training").getExtraValues());
        assertEquals(0.5, after.get(0).doubleValue(), 1e-12);
        Charts.write(q, columns, rows, dir.resolve("f.png"));
        assertTrue(Files.size(dir.resolve("f.png")) > 0);
    }

    @Test
    void numericCategoriesSortAsNumbersOthersKeepTheirOrder() {
        assertEquals(
                List.of("0.05", "0.5", "1.0", "4.0", "64.0"),
                Charts.ordered(new java.util.LinkedHashSet<>(List.of("0.5", "1.0", "0.05", "64.0", "4.0"))));
        assertEquals(
                List.of("lr=1.0", "lr=0.5"),
                Charts.ordered(new java.util.LinkedHashSet<>(List.of("lr=1.0", "lr=0.5"))));
    }
}
