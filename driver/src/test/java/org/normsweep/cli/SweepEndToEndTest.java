package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.testing.Cli;
import org.normsweep.testing.SparkTestBase;
import org.normsweep.testing.SyntheticIdx;

/** A tiny sweep through the real command line on local Spark, read back from Parquet with Spark SQL. */
class SweepEndToEndTest extends SparkTestBase {
    @TempDir
    static Path dir;
    static Path sweep;

    @BeforeAll
    static void writeSweep() throws IOException {
        Path data = SyntheticIdx.write(dir.resolve("data"), 256, 64, 5);
        sweep = dir.resolve("tiny.yaml");
        Files.writeString(sweep, """
                name: tiny
                fixed: {model: lenet, dataset: synthetic, dataset_path: '%s', batch_size: 32, probe_size: 16}
                grid:
                  lr: [0.5, 1.0e30]
                  bn_exclude: [[], [1, 2, 3, 4]]
                  epochs: [2]
                """.formatted(data));
    }

    @Test
    void runWritesFourTablesThatSqlReadsBack() {
        Path results = dir.resolve("results");
        Cli.Result plan = Cli.run("plan", sweep.toString());
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().contains("4 trials, 8 epochs to train"), plan.out());

        Cli.Result first = Cli.run("run", sweep.toString(), "--results", results.toString(), "--master", "local[2]");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("[4/4]"), "progress line: " + first.out());
        String runId = runId(first.out());

        // Plain spark.read.parquet, no Normsweep code in between.
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("t");
        spark().read().parquet(results.resolve("epochs").toString()).createOrReplaceTempView("e");
        spark().read().parquet(results.resolve("steps").toString()).createOrReplaceTempView("s");
        spark().read().parquet(results.resolve("activations").toString()).createOrReplaceTempView("a");
        assertEquals(4L, scalar("SELECT count(*) FROM t WHERE run_id = '" + runId + "'"));
        assertEquals(2L, scalar("SELECT count(*) FROM t WHERE lr = 0.5 AND status = 'COMPLETED'"));
        // lr 1e30 blows up BN-LeNet's weights at once (plain LeNet's vanishing gradients may keep it finite).
        assertEquals(1L, scalar("SELECT count(*) FROM t WHERE lr > 1 AND bn_layers = 4 AND status = 'DIVERGED' "
                + "AND error LIKE '%try a lower lr%'"));
        assertEquals(0L, scalar("SELECT count(*) FROM t WHERE status = 'FAILED'"));
        assertEquals(0L, scalar("SELECT count(*) FROM t WHERE plan_ids_missing(trial_id)".replace(
                "plan_ids_missing(trial_id)", notIn(plan.out()))));
        // Completed trials: 2 epochs, 256/32 = 8 steps per epoch, 8 probe positions x (1 + 2 epochs).
        for (Row row : sql("SELECT trial_id FROM t WHERE status = 'COMPLETED'")) {
            String id = row.getString(0);
            assertEquals(2L, scalar("SELECT count(*) FROM e WHERE trial_id = '" + id + "'"));
            assertEquals(16L, scalar("SELECT count(*) FROM s WHERE trial_id = '" + id + "'"));
            assertEquals(24L, scalar("SELECT count(*) FROM a WHERE trial_id = '" + id + "'"));
        }
        assertEquals(0L, scalar("SELECT count(*) FROM t t JOIN e e USING (run_id, trial_id) "
                + "WHERE t.status = 'COMPLETED' AND t.epochs = e.epoch AND t.final_test_accuracy <> e.test_accuracy"));
        assertEquals(0L, scalar("SELECT count(*) FROM a WHERE position = 'post' AND (mean_abs <= 0 OR mean_abs >= 1)"));

        // The sql command: a GROUP BY over trials joined to epochs.
        Cli.Result query = Cli.run("sql", "--results", results.toString(), "--master", "local[1]",
                "SELECT t.bn_layers, e.epoch, count(*) AS n FROM trials t JOIN epochs e USING (run_id, trial_id) "
                        + "WHERE t.status = 'COMPLETED' GROUP BY t.bn_layers, e.epoch ORDER BY t.bn_layers, e.epoch");
        assertEquals(0, query.exitCode(), query.err());
        assertTrue(query.out().replace(" ", "").contains("|0|1|2|"), query.out());
        assertTrue(query.out().replace(" ", "").contains("|4|2|1|"), query.out());

        // A second run (forced: a plain re-run would skip them) appends; the same trials give bit-identical losses.
        Cli.Result second = Cli.run("run", sweep.toString(), "--results", results.toString(), "--master", "local[2]",
                "--rerun-all");
        assertEquals(0, second.exitCode(), second.err());
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("t");
        spark().read().parquet(results.resolve("steps").toString()).createOrReplaceTempView("s");
        assertEquals(2L, scalar("SELECT count(DISTINCT run_id) FROM t"));
        assertEquals(8L, scalar("SELECT count(*) FROM t"));
        assertEquals(0L, scalar("SELECT count(*) FROM s a JOIN s b ON a.trial_id = b.trial_id AND a.step = b.step "
                + "AND a.run_id < b.run_id WHERE NOT (a.loss <=> b.loss) AND NOT (isnan(a.loss) AND isnan(b.loss))"));
        assertTrue((Long) scalar("SELECT count(*) FROM s a JOIN s b ON a.trial_id = b.trial_id AND a.step = b.step "
                + "AND a.run_id < b.run_id") >= 32L);
    }

    @Test
    void unreadableDataFailsTrialsNotTheSweep() throws IOException {
        Path data = SyntheticIdx.write(dir.resolve("broken"), 64, 16, 2);
        Path images = data.resolve("train-images-idx3-ubyte.gz");
        byte[] whole = SyntheticIdx.imagesFile(new byte[64 * 28 * 28], 64);
        SyntheticIdx.write(images, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "name: broken\nfixed: {dataset: x, dataset_path: '" + data + "'}\ngrid: {seed: [1, 2]}\n");
        Path results = dir.resolve("broken-results");

        Cli.Result run = Cli.run("run", broken.toString(), "--results", results.toString(), "--master", "local[2]");
        assertEquals(1, run.exitCode(), "failed trials make a non-zero exit");
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("bt");
        assertEquals(2L, scalar("SELECT count(*) FROM bt WHERE status = 'FAILED' AND error LIKE '%train-images%truncated%'"));
    }

    @Test
    void badSweepExitsTwoAndWritesNothing() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\ngrid: {lr: [0.1, -1]}\n");
        Path results = dir.resolve("never");
        Cli.Result run = Cli.run("run", bad.toString(), "--results", results.toString());
        assertEquals(2, run.exitCode());
        assertEquals("normsweep: " + bad + ": grid.lr[1] must be > 0, found -1", run.err().strip());
        assertTrue(Files.notExists(results));
    }

    private static String runId(String out) {
        Matcher m = Pattern.compile("run (\\d{8}T\\d{6}Z-[0-9a-f]{4}),").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    /** A SQL condition true for trial ids that the plan did not print. */
    private static String notIn(String planOut) {
        List<String> ids = Pattern.compile("(?m)^([0-9a-f]{16}) ").matcher(planOut).results()
                .map(r -> "'" + r.group(1) + "'").toList();
        assertEquals(4, ids.size(), planOut);
        return "trial_id NOT IN (" + String.join(", ", ids) + ")";
    }
}
