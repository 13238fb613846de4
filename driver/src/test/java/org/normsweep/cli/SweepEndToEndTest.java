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
        Files.writeString(
                sweep,
                """
                name: tiny
                fixed: {model: lenet, dataset: synthetic, dataset_path: '%s', batch_size: 32, probe_size: 16}
                grid:
                  lr: [0.5, 1.0e30]
                  bn_exclude: [[], [1, 2, 3, 4]]
                  epochs: [2]
                """
                        .formatted(data));
    }

    @Test
    void runWritesFourTablesThatSqlReadsBack() {
        Path results = dir.resolve("results");
        Cli.Result plan = Cli.run("plan", sweep.toString());
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(
                plan.out().contains("4 trials, 8 epochs to train with epoch-axis folding (4 training runs), 8 without"),
                plan.out());

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
        assertEquals(
                1L,
                scalar("SELECT count(*) FROM t WHERE lr > 1 AND bn_layers = 4 AND status = 'DIVERGED' "
                        + "AND error LIKE '%try a lower lr%'"));
        // Divergence forensics: the step (its steps row the last), the layer and the quantity in columns of their
        // own, named in the message; null on every other row.
        assertEquals(
                1L,
                scalar("SELECT count(*) FROM t JOIN (SELECT run_id, trial_id, max(step) AS last FROM s GROUP BY 1, 2)"
                        + " USING (run_id, trial_id) WHERE status = 'DIVERGED' AND diverged_step = last"
                        + " AND diverged_quantity IN ('activation', 'loss', 'gradient', 'weight')"
                        + " AND error LIKE concat('%diverged_layer ', diverged_layer, '%')"));
        assertEquals(
                0L,
                scalar("SELECT count(*) FROM t WHERE status <> 'DIVERGED' AND (diverged_step IS NOT NULL"
                        + " OR diverged_layer IS NOT NULL OR diverged_quantity IS NOT NULL)"));
        assertEquals(0L, scalar("SELECT count(*) FROM t WHERE status = 'FAILED'"));
        assertEquals(
                0L,
                scalar("SELECT count(*) FROM t WHERE plan_ids_missing(trial_id)"
                        .replace("plan_ids_missing(trial_id)", notIn(plan.out()))));
        // Completed trials: 2 epochs, 256/32 = 8 steps per epoch, 8 probe positions x (1 + 2 epochs).
        for (Row row : sql("SELECT trial_id FROM t WHERE status = 'COMPLETED'")) {
            String id = row.getString(0);
            assertEquals(2L, scalar("SELECT count(*) FROM e WHERE trial_id = '" + id + "'"));
            assertEquals(16L, scalar("SELECT count(*) FROM s WHERE trial_id = '" + id + "'"));
            assertEquals(24L, scalar("SELECT count(*) FROM a WHERE trial_id = '" + id + "'"));
        }
        assertEquals(
                0L,
                scalar(
                        "SELECT count(*) FROM t t JOIN e e USING (run_id, trial_id) "
                                + "WHERE t.status = 'COMPLETED' AND t.epochs = e.epoch AND t.final_test_accuracy <> e.test_accuracy"));
        assertEquals(0L, scalar("SELECT count(*) FROM a WHERE position = 'post' AND (mean_abs <= 0 OR mean_abs >= 1)"));

        // The sql command: a GROUP BY over trials joined to epochs.
        Cli.Result query = Cli.run(
                "sql",
                "--results",
                results.toString(),
                "--master",
                "local[1]",
                "SELECT t.bn_layers, e.epoch, count(*) AS n FROM trials t JOIN epochs e USING (run_id, trial_id) "
                        + "WHERE t.status = 'COMPLETED' GROUP BY t.bn_layers, e.epoch ORDER BY t.bn_layers, e.epoch");
        assertEquals(0, query.exitCode(), query.err());
        assertTrue(query.out().replace(" ", "").contains("|0|1|2|"), query.out());
        assertTrue(query.out().replace(" ", "").contains("|4|2|1|"), query.out());

        // A second run (forced: a plain re-run would skip them) appends; the same trials give bit-identical losses.
        Cli.Result second = Cli.run(
                "run", sweep.toString(), "--results", results.toString(), "--master", "local[2]", "--rerun-all");
        assertEquals(0, second.exitCode(), second.err());
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("t");
        spark().read().parquet(results.resolve("steps").toString()).createOrReplaceTempView("s");
        assertEquals(2L, scalar("SELECT count(DISTINCT run_id) FROM t"));
        assertEquals(8L, scalar("SELECT count(*) FROM t"));
        assertEquals(
                0L,
                scalar(
                        "SELECT count(*) FROM s a JOIN s b ON a.trial_id = b.trial_id AND a.step = b.step "
                                + "AND a.run_id < b.run_id WHERE NOT (a.loss <=> b.loss) AND NOT (isnan(a.loss) AND isnan(b.loss))"));
        assertTrue((Long) scalar("SELECT count(*) FROM s a JOIN s b ON a.trial_id = b.trial_id AND a.step = b.step "
                        + "AND a.run_id < b.run_id")
                >= 32L);
    }

    @Test
    void trialsThatDifferOnlyInEpochsShareOneTrainingRun() throws IOException {
        Path data = SyntheticIdx.write(dir.resolve("fold-data"), 128, 32, 9);
        Path folding = dir.resolve("fold.yaml");
        Files.writeString(
                folding,
                """
                name: fold
                fixed: {model: lenet, dataset: synthetic, dataset_path: '%s', batch_size: 32, probe_size: 16, lr: 0.5}
                grid: {seed: [3], epochs: [1, 3, 2]}
                """
                        .formatted(data));
        Cli.Result plan = Cli.run("plan", folding.toString());
        assertTrue(
                plan.out().contains("3 trials, 3 epochs to train with epoch-axis folding (1 training runs), 6 without"),
                plan.out());

        Path auto = dir.resolve("fold-auto");
        Cli.Result run = Cli.run("run", folding.toString(), "--results", auto.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("3 trials in 1 training runs (3 epochs)"), run.out());
        // The thread count the progress line announces is the one the trials ran with. (Which count auto picks is
        // TaskCpusTest's; here the Spark context is shared with other tests, so it may predate this run's choice.)
        Matcher threads =
                Pattern.compile("at a time, (\\d+) thread\\(s\\) each").matcher(run.out());
        assertTrue(threads.find(), run.out());
        spark().read().parquet(auto.resolve("trials").toString()).createOrReplaceTempView("ft");
        assertEquals(
                3L,
                scalar("SELECT count(*) FROM ft WHERE status = 'COMPLETED' AND threads = " + threads.group(1)),
                () -> sql("SELECT trial_id, status, threads, error FROM ft").toString());
        assertEquals(1L, scalar("SELECT count(DISTINCT trained_by) FROM ft"));
        assertEquals(1L, scalar("SELECT count(*) FROM ft WHERE trained_by = trial_id AND epochs = 3"));

        // Folded and unfolded runs at the same thread count record the same numbers, bit for bit.
        Path folded = dir.resolve("fold-1thread");
        Path separate = dir.resolve("nofold-1thread");
        assertEquals(
                0,
                Cli.run(
                                "run",
                                folding.toString(),
                                "--results",
                                folded.toString(),
                                "--master",
                                "local[2]",
                                "--threads-per-trial",
                                "1")
                        .exitCode());
        Cli.Result noFold = Cli.run(
                "run",
                folding.toString(),
                "--results",
                separate.toString(),
                "--master",
                "local[2]",
                "--threads-per-trial",
                "1",
                "--no-fold");
        assertTrue(noFold.out().contains("3 trials in 3 training runs (6 epochs)"), noFold.out());
        for (String table : List.of("trials", "epochs", "steps", "activations")) {
            spark().read().parquet(folded.resolve(table).toString()).createOrReplaceTempView("f_" + table);
            spark().read().parquet(separate.resolve(table).toString()).createOrReplaceTempView("s_" + table);
        }
        assertEquals(1 + 2 + 3L, scalar("SELECT count(*) FROM f_epochs"));
        assertEquals(scalar("SELECT count(*) FROM s_steps"), scalar("SELECT count(*) FROM f_steps"));
        assertEquals(
                0L,
                scalar("SELECT count(*) FROM f_steps f FULL JOIN s_steps s USING (trial_id, step) "
                        + "WHERE NOT (f.loss <=> s.loss)"));
        assertEquals(
                0L,
                scalar(
                        "SELECT count(*) FROM f_epochs f FULL JOIN s_epochs s USING (trial_id, epoch) "
                                + "WHERE NOT (f.test_accuracy <=> s.test_accuracy AND f.train_loss <=> s.train_loss "
                                + "AND f.test_loss <=> s.test_loss AND f.test_accuracy_train_mode <=> s.test_accuracy_train_mode)"));
        assertEquals(
                0L,
                scalar(
                        "SELECT count(*) FROM f_activations f FULL JOIN s_activations s "
                                + "USING (trial_id, epoch, layer, position) WHERE NOT (f.mean_abs <=> s.mean_abs AND f.std <=> s.std)"));
        assertEquals(
                0L,
                scalar("SELECT count(*) FROM f_trials f FULL JOIN s_trials s USING (trial_id) "
                        + "WHERE NOT (f.final_test_accuracy <=> s.final_test_accuracy AND f.status <=> s.status "
                        + "AND f.epochs_trained <=> s.epochs_trained)"));
        assertEquals(3L, scalar("SELECT count(*) FROM s_trials WHERE trained_by = trial_id"));

        // More threads per trial than the master has cores: refused up front, nothing written.
        Path refused = dir.resolve("too-many-threads");
        Cli.Result tooMany = Cli.run(
                "run",
                folding.toString(),
                "--results",
                refused.toString(),
                "--master",
                "local[2]",
                "--threads-per-trial",
                "3");
        assertEquals(2, tooMany.exitCode(), tooMany.out());
        assertTrue(tooMany.err().contains("--threads-per-trial 3 is more than the 2 cores of local[2]"), tooMany.err());
        assertTrue(Files.notExists(refused.resolve("trials")));
    }

    @Test
    void unreadableDataFailsTrialsNotTheSweep() throws IOException {
        Path data = SyntheticIdx.write(dir.resolve("broken"), 64, 16, 2);
        Path images = data.resolve("train-images-idx3-ubyte.gz");
        byte[] whole = SyntheticIdx.imagesFile(new byte[64 * 28 * 28], 64);
        SyntheticIdx.write(images, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(
                broken, "name: broken\nfixed: {dataset: x, dataset_path: '" + data + "'}\ngrid: {seed: [1, 2]}\n");
        Path results = dir.resolve("broken-results");

        Cli.Result run = Cli.run("run", broken.toString(), "--results", results.toString(), "--master", "local[2]");
        assertEquals(1, run.exitCode(), "failed trials make a non-zero exit");
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("bt");
        assertEquals(
                2L,
                scalar("SELECT count(*) FROM bt WHERE status = 'FAILED' AND error LIKE '%train-images%truncated%'"));
    }

    @Test
    void momentumIsAGridAxisWithItsOwnIdsAndColumn() throws IOException {
        Path data = SyntheticIdx.write(dir.resolve("momentum-data"), 128, 32, 3);
        Path file = dir.resolve("momentum.yaml");
        Files.writeString(
                file,
                "name: momentum\nfixed: {model: mlp, dataset: synthetic, dataset_path: '" + data
                        + "', batch_size: 32, probe_size: 16, weight_decay: 0.001}\ngrid: {momentum: [0, 0.9]}\n");
        Path results = dir.resolve("momentum-results");
        Cli.Result run = Cli.run("run", file.toString(), "--results", results.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.err());
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("mt");
        assertEquals(2L, scalar("SELECT count(DISTINCT trial_id) FROM mt WHERE status = 'COMPLETED'"));
        assertEquals(
                List.of(0.0, 0.9),
                spark().sql("SELECT momentum FROM mt ORDER BY momentum").collectAsList().stream()
                        .map(r -> r.getDouble(0))
                        .toList());
        assertEquals(2L, scalar("SELECT count(DISTINCT final_train_loss) FROM mt"), "momentum changes training");
    }

    @Test
    void badSweepExitsTwoAndWritesNothing() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\ngrid: {lr: [0.1, -1]}\n");
        Path results = dir.resolve("never");
        Cli.Result run = Cli.run("run", bad.toString(), "--results", results.toString());
        assertEquals(2, run.exitCode());
        assertEquals(
                "normsweep: " + bad + ": grid.lr[1] must be > 0, found -1",
                run.err().strip());
        assertTrue(Files.notExists(results));
    }

    private static String runId(String out) {
        Matcher m = Pattern.compile("run (\\d{8}T\\d{6}Z-[0-9a-f]{4}),").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    /** A SQL condition true for trial ids that the plan did not print. */
    private static String notIn(String planOut) {
        List<String> ids = Pattern.compile("(?m)^([0-9a-f]{16}) ")
                .matcher(planOut)
                .results()
                .map(r -> "'" + r.group(1) + "'")
                .toList();
        assertEquals(4, ids.size(), planOut);
        return "trial_id NOT IN (" + String.join(", ", ids) + ")";
    }
}
