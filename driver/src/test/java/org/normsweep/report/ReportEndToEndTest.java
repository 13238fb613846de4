package org.normsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.testing.Cli;
import org.normsweep.testing.SparkTestBase;
import org.normsweep.testing.SyntheticIdx;

/** A small sweep run twice, then `report` and `catalog` over its results, checked against independent sums. */
class ReportEndToEndTest extends SparkTestBase {
    @TempDir
    static Path dir;

    static Path results;
    static Path report;

    @BeforeAll
    static void runSweepTwiceAndReport() throws IOException {
        Path data = SyntheticIdx.write(dir.resolve("data"), 192, 64, 9);
        Path sweep = dir.resolve("exclusion.yaml");
        Files.writeString(
                sweep,
                """
                name: exclusion
                fixed: {model: lenet, dataset: synthetic, dataset_path: '%s', batch_size: 32, probe_size: 16, lr: 0.5}
                grid:
                  bn_exclude: [[], [1], [1, 2, 3, 4]]
                  seed: [1, 2]
                  epochs: [2]
                """
                        .formatted(data));
        results = dir.resolve("results");
        for (int run = 0; run < 2; run++) {
            Cli.Result r = Cli.run(
                    "run", sweep.toString(), "--results", results.toString(), "--master", "local[2]", "--rerun-all");
            assertEquals(0, r.exitCode(), r.err());
        }
        report = dir.resolve("report");
        Cli.Result r = Cli.run(
                "report",
                "--results",
                results.toString(),
                "--sweep",
                "exclusion",
                "--out",
                report.toString(),
                "--window",
                "3",
                "--master",
                "local[1]");
        assertEquals(0, r.exitCode(), r.err());
    }

    @Test
    void chartsAreImagesAndThePageLinksEverything() throws IOException {
        String html = Files.readString(report.resolve("index.html"));
        for (String chart : List.of(
                "final_accuracy",
                "first_layer_scale",
                "bn_exclusion_effect",
                "loss_curves",
                "accuracy_per_epoch",
                "activation_magnitudes",
                "gradient_magnitudes",
                "saturation",
                "bn_gamma_histograms",
                "bn_beta_histograms",
                "train_vs_eval_mode")) {
            BufferedImage image = ImageIO.read(report.resolve(chart + ".png").toFile());
            assertNotNull(image, chart + ".png is a readable PNG");
            assertEquals(960, image.getWidth());
            assertTrue(html.contains("src=\"" + chart + ".png\""), chart);
        }
        assertTrue(Files.notExists(report.resolve("largest_trainable_lr.png")), "one lr: nothing to chart");
        assertTrue(Files.notExists(report.resolve("accuracy_vs_lr.png")), "one lr: no accuracy against lr");
        assertEquals(1, Files.readAllLines(report.resolve("accuracy_vs_lr.csv")).size(), "the header only");
        // Sections in index.txt order: the answers (final accuracy) before the curves and the probes.
        assertTrue(html.indexOf("id=\"final_accuracy\"") < html.indexOf("id=\"accuracy_per_epoch\""));
        assertTrue(html.indexOf("id=\"accuracy_per_epoch\"") < html.indexOf("id=\"first_layer_scale\""));
        assertTrue(html.contains("Training loss (rolling mean over 3 steps)"), "parameters fill titles");
        assertTrue(html.contains("<summary>SQL</summary>"));
        assertTrue(html.contains("FROM trials t JOIN configs c USING (run_id, trial_id)"), "the SQL is shown");
    }

    @Test
    void configurationTableMatchesAnIndependentComputation() throws IOException {
        List<String> csv = Files.readAllLines(report.resolve("configurations.csv"));
        assertEquals("config,trials,completed,diverged,failed,acc_mean,acc_sd,ci95_low,ci95_high", csv.get(0));
        assertEquals(1 + 3, csv.size(), "three configurations; the second run did not double them");

        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("raw");
        assertEquals(12L, scalar("SELECT count(*) FROM raw"), "both runs are in the raw table");
        Map<String, double[]> accs = new HashMap<>();
        for (Row r : sql("SELECT array_join(bn_excluded, ','), final_test_accuracy, run_id FROM raw "
                + "WHERE run_id = (SELECT max(run_id) FROM raw)")) {
            String key = r.getString(0).isEmpty() ? "none" : r.getString(0);
            double[] a = accs.computeIfAbsent(key, k -> new double[0]);
            double[] b = java.util.Arrays.copyOf(a, a.length + 1);
            b[a.length] = r.getDouble(1);
            accs.put(key, b);
        }
        for (String line : csv.subList(1, csv.size())) {
            String[] f = csvFields(line);
            String key = f[0].replace("\"", "").replace("bn_exclude=", "");
            double[] a = accs.get(key);
            assertNotNull(a, line);
            double mean = (a[0] + a[1]) / 2;
            double sd = Math.abs(a[0] - a[1]) / Math.sqrt(2);
            assertEquals("2", f[1], line);
            assertEquals(mean, Double.parseDouble(f[5]), 1e-4, line);
            assertEquals(sd, Double.parseDouble(f[6]), 1e-4, line);
            // t(0.975, 1) = 12.706: the 95% interval of two seeds is wide.
            assertEquals(mean + 12.7062 * sd / Math.sqrt(2), Double.parseDouble(f[8]), 2e-4, line);
        }

        List<String> effect = Files.readAllLines(report.resolve("bn_exclusion_effect.csv"));
        assertEquals(1 + 2, effect.size(), effect.toString());
        for (String line : effect.subList(1, effect.size())) {
            String[] f = csvFields(line);
            String key = f[0].replace("\"", "");
            double expected = ((accs.get(key)[0] - accs.get("none")[0]) + (accs.get(key)[1] - accs.get("none")[1])) / 2;
            assertEquals(expected, Double.parseDouble(f[3]), 1e-4, line);
        }
    }

    @Test
    void finalAccuracyAndAccuracyPerEpochCarryTheSpreadOverSeeds() throws IOException {
        Map<String, double[]> accs =
                lastRun("SELECT array_join(bn_excluded, ','), 0, final_test_accuracy FROM raw WHERE run_id = %s");
        List<String> bars = Files.readAllLines(report.resolve("final_accuracy.csv"));
        assertEquals("setting,bn,config,trials,completed,acc_mean,acc_sd,acc_min,acc_max", bars.get(0));
        assertEquals(1 + 3, bars.size(), "one row per configuration: " + bars);
        for (String line : bars.subList(1, bars.size())) {
            String[] f = unquoted(line);
            // Only the BN exclusion varies: one bar per configuration, one colour.
            assertEquals("test accuracy", f[1], line);
            double[] a = accs.get(f[0].replace("bn_exclude=", "") + " 0");
            assertEquals((a[0] + a[1]) / 2, Double.parseDouble(f[5]), 1e-4, line);
            assertEquals(Math.abs(a[0] - a[1]) / Math.sqrt(2), Double.parseDouble(f[6]), 1e-4, line);
            assertEquals(Math.min(a[0], a[1]), Double.parseDouble(f[7]), 1e-4, line);
        }

        Map<String, double[]> perEpoch = lastRun("SELECT array_join(t.bn_excluded, ','), e.epoch, e.test_accuracy"
                + " FROM raw t JOIN raw_epochs e USING (run_id, trial_id) WHERE t.run_id = %s");
        List<String> curves = Files.readAllLines(report.resolve("accuracy_per_epoch.csv"));
        assertEquals(
                "config,epoch,test_accuracy,trials,test_accuracy_sd,test_accuracy_min,test_accuracy_max",
                curves.get(0));
        assertEquals(1 + 3 * 2, curves.size(), "configurations x epochs: " + curves);
        for (String line : curves.subList(1, curves.size())) {
            String[] f = unquoted(line);
            double[] a = perEpoch.get(f[0].replace("bn_exclude=", "") + " " + f[1]);
            assertEquals("2", f[3], line);
            assertEquals(Math.abs(a[0] - a[1]) / Math.sqrt(2), Double.parseDouble(f[4]), 1e-4, line);
            assertEquals(Math.max(a[0], a[1]), Double.parseDouble(f[6]), 1e-4, line);
        }

        List<String> scale = Files.readAllLines(report.resolve("first_layer_scale.csv"));
        assertEquals(1 + 3 * 2, scale.size(), "configurations x (before, after): " + scale);
        for (String line : scale.subList(1, scale.size())) {
            String[] f = unquoted(line);
            assertEquals(List.of("conv1", "2"), List.of(f[2], f[3]), line);
            assertTrue(Double.parseDouble(f[4]) > 0 && !f[5].isEmpty(), "a mean and an sd: " + line);
        }
        List<String> modes = Files.readAllLines(report.resolve("train_vs_eval_mode.csv"));
        assertEquals("config,mode,accuracy,sd,trials", modes.get(0));
        assertEquals(1 + 3 * 2, modes.size(), "configurations x modes: " + modes);
    }

    /** Values of the last run, keyed by "EXCLUDED KEY" ({@code none} for none), from a query of three columns. */
    private Map<String, double[]> lastRun(String query) {
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("raw");
        spark().read().parquet(results.resolve("epochs").toString()).createOrReplaceTempView("raw_epochs");
        Map<String, double[]> out = new HashMap<>();
        for (Row r : sql(query.formatted("(SELECT max(run_id) FROM raw)"))) {
            String key = (r.getString(0).isEmpty() ? "none" : r.getString(0)) + " " + r.get(1);
            double[] a = out.getOrDefault(key, new double[0]);
            double[] b = java.util.Arrays.copyOf(a, a.length + 1);
            b[a.length] = r.getDouble(2);
            out.put(key, b);
        }
        return out;
    }

    /** A CSV line's fields, quotes removed. */
    private static String[] unquoted(String line) {
        String[] f = csvFields(line);
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].replace("\"", "");
        }
        return f;
    }

    /** Splits a CSV line on commas outside double quotes. */
    private static String[] csvFields(String line) {
        return line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
    }

    @Test
    void catalogStatementsWorkInAPlainSparkSession() {
        Cli.Result catalog = Cli.run("catalog", "--results", results.toString(), "--database", "ns");
        assertEquals(0, catalog.exitCode(), catalog.err());
        for (String statement : catalog.out().split(";\\s*\\n")) {
            if (!statement.isBlank()) {
                spark().sql(statement);
            }
        }
        assertEquals(12L, scalar("SELECT count(*) FROM ns.trials_all"));
        assertEquals(6L, scalar("SELECT count(*) FROM ns.trials"));
        assertEquals(6L * 2, scalar("SELECT count(*) FROM ns.epochs"), "one attempt's epochs per trial");
        assertEquals(24L, scalar("SELECT count(*) FROM ns.epochs_all"));
    }
}
