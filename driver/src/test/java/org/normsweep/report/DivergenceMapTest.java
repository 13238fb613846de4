package org.normsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.result.Divergence;
import org.normsweep.result.Divergence.Quantity;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.results.ResultTables;
import org.normsweep.results.ResultViews;
import org.normsweep.results.ResultWriter;
import org.normsweep.testing.Cli;
import org.normsweep.testing.SampleResults;
import org.normsweep.testing.SparkTestBase;

/**
 * The report's divergence map over hand-made results (lr x BN configuration, some trials DIVERGED at known sites),
 * beside a {@code trials} file written before the divergence columns existed, which still reads (nulls there).
 */
class DivergenceMapTest extends SparkTestBase {
    @TempDir
    Path dir;

    private static TrialResult trial(List<Integer> excluded, double lr, long seed, Divergence d) {
        TrialResult r = SampleResults.completed();
        var spec = r.spec().toBuilder().bnExcluded(excluded).lr(lr).seed(seed).build();
        return new TrialResult(
                spec,
                d == null ? TrialStatus.COMPLETED : TrialStatus.DIVERGED,
                d == null ? null : d.message(spec),
                r.wallSeconds(),
                r.host(),
                r.startMillis(),
                r.endMillis(),
                r.provenance(),
                r.probes(),
                d);
    }

    @Test
    void mapsWhereEachConfigurationDivergedAndOldRowsStillRead() throws IOException {
        Path results = dir.resolve("results");
        // A trials file as builds before the divergence columns wrote it.
        Path old = dir.resolve("old");
        new ResultWriter(spark(), old.toString(), new ResultTables.RunContext("s", "run-0", "h"))
                .append(List.of(SampleResults.completed()));
        spark().read()
                .parquet(old.resolve("trials").toString())
                .drop("diverged_step", "diverged_layer", "diverged_quantity")
                .withColumn("lr", functions.lit(0.5))
                .write()
                .parquet(results.resolve("trials").toString());
        List<Integer> none = List.of(1, 2, 3, 4);
        new ResultWriter(spark(), results.toString(), new ResultTables.RunContext("s", "run-1", "h"))
                .append(List.of(
                        trial(none, 4, 1, new Divergence(1, 5, "conv1", Quantity.ACTIVATION)),
                        trial(none, 4, 2, new Divergence(1, 3, "fc1", Quantity.GRADIENT)),
                        trial(none, 1, 1, null),
                        trial(List.of(), 4, 1, null),
                        trial(List.of(), 4, 2, new Divergence(2, 7, "bn1", Quantity.WEIGHT))));

        ResultViews.register(spark(), results.toString());
        assertEquals(6L, scalar("SELECT count(*) FROM trials_all"));
        assertEquals(
                1L,
                scalar("SELECT count(*) FROM trials_all WHERE run_id = 'run-0' AND diverged_step IS NULL"
                        + " AND diverged_layer IS NULL AND diverged_quantity IS NULL"));
        assertEquals("bn1", scalar("SELECT diverged_layer FROM trials WHERE diverged_quantity = 'weight'"));

        // The accuracies the report should show (the sample trials all share one).
        String x = String.valueOf(scalar("SELECT round(avg(final_test_accuracy), 4) FROM trials WHERE lr = 1.0"));
        String y = String.valueOf(scalar("SELECT round(avg(final_test_accuracy), 4) FROM trials WHERE lr = 0.5"));
        Path report = dir.resolve("report");
        Cli.Result r =
                Cli.run("report", "--results", results.toString(), "--out", report.toString(), "--master", "local[1]");
        assertEquals(0, r.exitCode(), r.err());
        List<String> csv = Files.readAllLines(report.resolve("divergence_map.csv"));
        assertEquals(
                "config,bn_layers,lr,trials,diverged,diverged_fraction,first_step,first_quantity,first_layer,all_sites",
                csv.get(0));
        assertEquals(1 + 4, csv.size(), String.join("\n", csv));
        assertEquals("lenet bn_exclude=none,4,4.0,2,1,0.5,7,weight,bn1,weight at bn1", csv.get(1));
        assertEquals("lenet bn_exclude=1,3,2,0.5,1,0,0.0,,,,", csv.get(2).replace("\"", ""));
        assertEquals("lenet bn_exclude=1,2,3,4,0,1.0,1,0,0.0,,,,", csv.get(3).replace("\"", ""));
        assertEquals(
                "lenet bn_exclude=1,2,3,4,0,4.0,2,2,1.0,3,gradient,fc1,activation at conv1; gradient at fc1",
                csv.get(4).replace("\"", ""));
        // Accuracy against lr: one line per BN configuration over the COMPLETED trials, and where some DIVERGED,
        // a line of the share that did (lr 4 without BN: both seeds diverged, so no accuracy point there).
        List<String> lr = Files.readAllLines(report.resolve("accuracy_vs_lr.csv")).stream()
                .map(l -> l.replace("\"", ""))
                .toList();
        assertEquals(
                List.of(
                        "series,setting,lr,trials,completed,diverged,value,sd,acc_min,acc_max",
                        "bn_exclude=1,2,3,4,bn_exclude=1,2,3,4,1.0,1,1,0,%s,,%s,%s".formatted(x, x, x),
                        "bn_exclude=1,2,3,4,bn_exclude=1,2,3,4,4.0,2,0,2,,,,",
                        "bn_exclude=1,2,3,4 diverged share,bn_exclude=1,2,3,4,1.0,1,1,0,0.0,,,",
                        "bn_exclude=1,2,3,4 diverged share,bn_exclude=1,2,3,4,4.0,2,0,2,1.0,,,",
                        "bn_exclude=1,3,bn_exclude=1,3,0.5,1,1,0,%s,,%s,%s".formatted(y, y, y),
                        "bn_exclude=none,bn_exclude=none,4.0,2,1,1,%s,,%s,%s".formatted(x, x, x),
                        "bn_exclude=none diverged share,bn_exclude=none,4.0,2,1,1,0.5,,,"),
                lr);
        assertTrue(Files.size(report.resolve("accuracy_vs_lr.png")) > 0, "and its chart");
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("Divergence map: where training blew up, by lr and BN layers"), "the section");
        assertTrue(Files.size(report.resolve("divergence_map.png")) > 0, "and its chart");
    }
}
