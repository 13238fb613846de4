package org.normsweep.results;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Registers the result tables under a results directory as temporary views. Each raw table is
 * {@code <table>_all} (every attempt of every trial, as written); {@code <table>} shows each trial once:
 * its latest finished attempt, a COMPLETED one preferred (see {@link #LATEST_ATTEMPT}); {@code plans_all} and
 * {@code sweep_trials} ({@link #SWEEP_TRIALS}) say which trials each sweep asked for. Driver-only.
 */
public final class ResultViews {
    /**
     * Picks one attempt per trial from {@code trials_all}: COMPLETED before DIVERGED before FAILED, then the
     * latest. Every {@code trials} row marks a finished attempt (it is written after the trial's other rows).
     */
    public static final String LATEST_ATTEMPT =
            """
            SELECT * FROM (
              SELECT *, row_number() OVER (PARTITION BY trial_id ORDER BY
                  CASE status WHEN 'COMPLETED' THEN 0 WHEN 'DIVERGED' THEN 1 ELSE 2 END, ended_at DESC, run_id DESC)
                AS attempt_rank
              FROM %1$strials_all) ranked
            WHERE attempt_rank = 1""";

    /**
     * Every (sweep, trial) pair: the trials a sweep's runs asked for (their plans, which include results reused from
     * other sweeps) and those its runs wrote. {@code report --sweep} shows the trials of one sweep here.
     */
    public static final String SWEEP_TRIALS =
            """
            SELECT sweep, trial_id FROM %1$splans_all UNION SELECT sweep, trial_id FROM %1$strials_all""";

    /** As {@link #SWEEP_TRIALS} for results written before plans existed. */
    static final String SWEEP_TRIALS_WITHOUT_PLANS = "SELECT DISTINCT sweep, trial_id FROM %1$strials_all";

    /** A child table's rows of the chosen attempts. */
    public static final String CHILD_OF_LATEST =
            """
            SELECT c.* FROM %1$s%2$s_all c
            LEFT SEMI JOIN %1$strials t ON c.run_id = t.run_id AND c.trial_id = t.trial_id""";

    private ResultViews() {}

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
        for (ResultTable table : ResultTables.ALL) {
            String path = ResultWriter.tablePath(resultsDir, table);
            Dataset<Row> rows = TableFiles.read(spark, table, path);
            if (rows != null) {
                rows.createOrReplaceTempView(table.name() + "_all");
                if (table.perTrial()) {
                    registered.add(table.name());
                }
            }
        }
        String trials = ResultTables.TRIALS.name();
        if (!registered.contains(trials)) {
            return registered;
        }
        boolean plans = exists(spark, ResultWriter.tablePath(resultsDir, ResultTables.PLANS));
        spark.sql(String.format(plans ? SWEEP_TRIALS : SWEEP_TRIALS_WITHOUT_PLANS, ""))
                .createOrReplaceTempView("sweep_trials");
        Dataset<Row> latest = spark.sql(String.format(LATEST_ATTEMPT, "")).drop("attempt_rank");
        if (sweep != null) {
            latest = latest.where(
                    "trial_id IN (SELECT trial_id FROM sweep_trials WHERE sweep = '" + sweep.replace("'", "''") + "')");
            if (latest.isEmpty()) {
                registered.remove(trials);
                return registered;
            }
        }
        latest.createOrReplaceTempView(trials);
        for (ResultTable table : ResultTables.ALL) {
            if (table.perTrial() && table != ResultTables.TRIALS && registered.contains(table.name())) {
                spark.sql(String.format(CHILD_OF_LATEST, "", table.name())).createOrReplaceTempView(table.name());
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
