package org.normsweep.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The cluster ITs' common story, on any results store: a sweep run by a child driver is killed (SIGKILL) once two
 * trials have finished, then run again, and its rows are read back with Spark SQL and with {@code normsweep sql}.
 * Every child is stopped here, even when an assertion fails.
 */
public final class KilledSweep {
    private KilledSweep() {}

    /** A sweep of {@code seeds} one-epoch MLP trials on the first 1024 sample images, read from {@code dataPath}. */
    public static Path sweep(Path file, String name, String dataPath, int seeds) throws IOException {
        return Files.writeString(
                file,
                "name: " + name + "\nfixed: {model: mlp, dataset: fashion-mnist, dataset_path: '" + dataPath
                        + "', train_limit: 1024, test_limit: 256, batch_size: 64, probe_size: 16, epochs: 1}\n"
                        + "grid: {seed: {from: 1, to: " + seeds + "}}\n");
    }

    /** {@code normsweep ARGS} in a child JVM, waited for; returns its exit status, its output in {@code log}. */
    public static int normsweep(Path root, Path dir, Path log, List<String> jvmOptions, int seconds, String... args)
            throws IOException, InterruptedException {
        Process p = ChildProcesses.normsweep(root, dir.resolve("logs"), log, jvmOptions, args);
        try {
            assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "still running: " + Files.readString(log));
            return p.exitValue();
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs {@code sweep} of {@code trials} trials into {@code results}, kills the driver after its second trial, checks
     * that 2..trials-1 trials were recorded, runs it again to the end and checks that it resumed; returns the count
     * recorded before the resume.
     */
    public static long killThenResume(
            Path root, Path dir, Path sweep, String results, int trials, List<String> jvmOptions, SparkSession spark)
            throws IOException, InterruptedException {
        List<String> run =
                new ArrayList<>(List.of("run", sweep.toString(), "--results", results, "--master", "local[2]"));
        Path firstLog = dir.resolve("first-" + sweep.getFileName() + ".log");
        Process first =
                ChildProcesses.normsweep(root, dir.resolve("logs"), firstLog, jvmOptions, run.toArray(String[]::new));
        try {
            ChildProcesses.awaitLine(firstLog, "[2/" + trials + "]", first, 240);
            assertTrue(first.isAlive(), "the driver was still running: " + Files.readString(firstLog));
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        long before = spark.read().parquet(results + "/trials").count();
        assertTrue(before >= 2 && before < trials, "killed mid-sweep with " + before + " trials recorded");

        Path secondLog = dir.resolve("second-" + sweep.getFileName() + ".log");
        int status = normsweep(root, dir, secondLog, jvmOptions, 480, run.toArray(String[]::new));
        assertEquals(0, status, Files.readString(secondLog));
        assertTrue(
                Files.readString(secondLog).contains(before + " of " + trials + " trials already have a result"),
                Files.readString(secondLog));
        return before;
    }

    /**
     * {@link #killThenResume}, then reads {@code results} back with {@code spark} ({@link #assertEachTrialOnce}) and
     * with {@code normsweep sql} in a child JVM (one row: the count and the distinct ids); returns the count recorded
     * before the resume.
     */
    public static long killResumeAndReadBack(
            Path root, Path dir, Path sweep, String results, int trials, List<String> jvmOptions, SparkSession spark)
            throws IOException, InterruptedException {
        long before = killThenResume(root, dir, sweep, results, trials, jvmOptions, spark);
        assertEachTrialOnce(spark, results, trials);
        Path sqlLog = dir.resolve("sql-" + sweep.getFileName() + ".log");
        int status = normsweep(
                root,
                dir,
                sqlLog,
                jvmOptions,
                400,
                "sql",
                "--results",
                results,
                "--master",
                "local[1]",
                "SELECT count(*) AS n, count(DISTINCT trial_id) AS ids FROM trials");
        String out = Files.readString(sqlLog);
        assertEquals(0, status, out);
        assertTrue(out.matches("(?s).*\\b" + trials + "\\s*[|,\\t ]\\s*" + trials + "\\b.*"), out);
        return before;
    }

    /** Spark SQL over {@code results}: {@code trials} rows, each a COMPLETED trial, no trial id twice. */
    public static void assertEachTrialOnce(SparkSession spark, String results, int trials) {
        spark.read().parquet(results + "/trials").createOrReplaceTempView("each_trial_once");
        Row counts = spark.sql("SELECT count(*), count(DISTINCT trial_id), count_if(status = 'COMPLETED')"
                        + " FROM each_trial_once")
                .first();
        assertEquals(trials, counts.getLong(0), "trials rows in " + results + ": each trial trained once");
        assertEquals(trials, counts.getLong(1), "distinct trial ids in " + results);
        assertEquals(trials, counts.getLong(2), "COMPLETED trials in " + results);
    }
}
