package org.normsweep.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Registers the result tables under a results directory as temporary views. Each raw table is
 * {@code <table>_all} (every attempt of every trial, as written); {@code <table>} shows each trial once:
 * its latest finished attempt, a COMPLETED one preferred (see {@link #LATEST_ATTEMPT}). Driver-only.
 */
public final class ResultViews {
    /**
     * Picks one attempt per trial from {@code trials_all}: COMPLETED before DIVERGED before FAILED, then the
     * latest. Every {@code trials} row marks a finished attempt (it is written after the trial's other rows).
     */
    public static final String LATEST_ATTEMPT = """
            SELECT * FROM (
              SELECT *, row_number() OVER (PARTITION BY trial_id ORDER BY
                  CASE status WHEN 'COMPLETED' THEN 0 WHEN 'DIVERGED' THEN 1 ELSE 2 END, ended_at DESC, run_id DESC)
                AS attempt_rank
              FROM %1$strials_all) ranked
            WHERE attempt_rank = 1""";

    /** A child table's rows of the chosen attempts. */
    public static final String CHILD_OF_LATEST = """
            SELECT c.* FROM %1$s%2$s_all c
            LEFT SEMI JOIN %1$strials t ON c.run_id = t.run_id AND c.trial_id = t.trial_id""";

    private ResultViews() {
    }

    /** @return the tables registered (each as {@code <table>} and {@code <table>_all}) */
    public static List<String> register(SparkSession spark, String resultsDir) {
        return register(spark, resultsDir, null);
    }

    /**
     * As {@link #register(SparkSession, String)}, with the one-attempt views limited to sweep {@code sweep}
     * (null: all sweeps).
     *
     * @return the tables registered; without {@code trials} when the sweep has no trials
     */
    public static List<String> register(SparkSession spark, String resultsDir, String sweep) {
        List<String> registered = new ArrayList<>();
        for (String table : ResultTables.ALL) {
            String path = ResultWriter.tablePath(resultsDir, table);
            if (exists(spark, path)) {
                spark.read().schema(ResultTables.schemaOf(table)).parquet(path).createOrReplaceTempView(table + "_all");
                registered.add(table);
            }
        }
        String plans = ResultWriter.tablePath(resultsDir, ResultTables.PLANS);
        if (exists(spark, plans)) {
            spark.read().schema(ResultTables.PLANS_SCHEMA).parquet(plans).createOrReplaceTempView("plans_all");
        }
        if (!registered.contains(ResultTables.TRIALS)) {
            return registered;
        }
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> latest = spark.sql(String.format(LATEST_ATTEMPT, ""))
                .drop("attempt_rank");
        if (sweep != null) {
            if (exists(spark, plans)) {
                // Every trial the sweep asked for, including results it reused from other sweeps.
                latest = latest.where("trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = '"
                        + sweep.replace("'", "''") + "') OR sweep = '" + sweep.replace("'", "''") + "'");
            } else {
                latest = latest.where(org.apache.spark.sql.functions.col("sweep").equalTo(sweep));
            }
            if (latest.isEmpty()) {
                registered.remove(ResultTables.TRIALS);
                return registered;
            }
        }
        latest.createOrReplaceTempView(ResultTables.TRIALS);
        for (String table : registered) {
            if (!table.equals(ResultTables.TRIALS)) {
                spark.sql(String.format(CHILD_OF_LATEST, "", table)).createOrReplaceTempView(table);
            }
        }
        return registered;
    }

    static boolean exists(SparkSession spark, String path) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot look at " + path + ": " + e.getMessage(), e);
        }
    }
}
