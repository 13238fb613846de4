package org.normsweep.report;

import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Chooses the two attempts of each trial that {@code diff} compares and registers them as the view
 * {@code diff_pairs(trial_id, old_run, new_run)}, over {@code diff_attempts} (the {@code trials_all} rows in scope, one
 * per trial and run). The new side is one run: the one named, else the latest (run ids sort by start time); the old
 * side is the run named, else each trial's attempt just before the new one. Reads the result views
 * ({@code trials_all}, {@code sweep_trials}). Driver-only.
 */
final class AttemptPairs {
    /** Run ids and sweep names: what {@code run} writes, and all that is pasted into SQL. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /**
     * @param newRun   the run compared
     * @param oldRuns  the runs it is compared against, in order
     * @param inNewRun its trials in scope
     */
    record Chosen(String newRun, List<String> oldRuns, long inNewRun, long pairs) {}

    private AttemptPairs() {}

    /**
     * Registers {@code diff_attempts} and {@code diff_pairs} for {@code selection}.
     *
     * @throws RunDiff.BadSelection when a run is unknown or there is nothing to compare
     */
    static Chosen register(SparkSession spark, RunDiff.Selection selection) {
        String run = selection.run();
        String against = selection.against();
        String sweep = selection.sweep();
        String scope = sweep == null
                ? ""
                : " WHERE trial_id IN (SELECT trial_id FROM sweep_trials WHERE sweep = '" + checked("--sweep", sweep)
                        + "')";
        spark.sql("SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY trial_id, run_id ORDER BY ended_at DESC)"
                        + " AS diff_rank FROM trials_all" + scope + ") WHERE diff_rank = 1")
                .drop("diff_rank")
                .createOrReplaceTempView("diff_attempts");
        String newRun = run != null
                ? known(spark, "--run", run, selection)
                : spark.sql("SELECT max(run_id) FROM diff_attempts").first().getString(0);
        if (newRun == null) {
            throw new RunDiff.BadSelection("no trials under " + selection.results());
        }
        if (against != null) {
            known(spark, "--against", against, selection);
            if (against.equals(newRun)) {
                throw new RunDiff.BadSelection("--run and --against name the same run, " + against);
            }
            spark.sql(String.format(
                            "SELECT n.trial_id, o.run_id AS old_run, n.run_id AS new_run FROM diff_attempts n"
                                    + " JOIN diff_attempts o ON o.trial_id = n.trial_id"
                                    + " WHERE n.run_id = '%s' AND o.run_id = '%s'",
                            newRun, against))
                    .createOrReplaceTempView("diff_pairs");
        } else {
            spark.sql(String.format(
                            "SELECT trial_id, old_run, new_run FROM (SELECT n.trial_id, o.run_id AS old_run,"
                                    + " n.run_id AS new_run, row_number() OVER (PARTITION BY n.trial_id ORDER BY"
                                    + " o.run_id DESC) AS k FROM diff_attempts n JOIN diff_attempts o"
                                    + " ON o.trial_id = n.trial_id AND o.run_id < n.run_id WHERE n.run_id = '%s')"
                                    + " WHERE k = 1",
                            newRun))
                    .createOrReplaceTempView("diff_pairs");
        }
        long inNewRun = count(spark, "SELECT count(*) FROM diff_attempts WHERE run_id = '" + newRun + "'");
        long pairs = count(spark, "SELECT count(*) FROM diff_pairs");
        if (pairs == 0) {
            throw new RunDiff.BadSelection(
                    against != null
                            ? "runs " + newRun + " and " + against + " have no trial in common"
                                    + (sweep == null ? "" : " of sweep " + sweep)
                            : "nothing to compare: none of the " + inNewRun + " trial(s) of run " + newRun
                                    + " has an earlier attempt (fewer than two attempts each; re-run them with"
                                    + " `run --rerun-all`, or name two runs with --run and --against)");
        }
        List<String> oldRuns =
                spark.sql("SELECT DISTINCT old_run FROM diff_pairs ORDER BY old_run").collectAsList().stream()
                        .map(r -> r.getString(0))
                        .toList();
        return new Chosen(newRun, oldRuns, inNewRun, pairs);
    }

    /** {@code value}, when it can be a name, else bad input naming the option. */
    static String checked(String option, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new RunDiff.BadSelection(option + " must be letters, digits, '_', '.' or '-', found '" + value + "'");
        }
        return value;
    }

    private static String known(SparkSession spark, String option, String runId, RunDiff.Selection selection) {
        checked(option, runId);
        String sweep = selection.sweep();
        if (count(spark, "SELECT count(*) FROM diff_attempts WHERE run_id = '" + runId + "'") > 0) {
            return runId;
        }
        if (sweep != null && count(spark, "SELECT count(*) FROM trials_all WHERE run_id = '" + runId + "'") > 0) {
            throw new RunDiff.BadSelection(option + " " + runId + ": that run has no trials of sweep " + sweep);
        }
        List<String> latest =
                spark
                        .sql("SELECT DISTINCT run_id FROM trials_all ORDER BY run_id DESC LIMIT 5")
                        .collectAsList()
                        .stream()
                        .map(r -> r.getString(0))
                        .toList();
        throw new RunDiff.BadSelection(option + " " + runId + ": no such run under " + selection.results()
                + " (latest runs: " + String.join(", ", latest) + ")");
    }

    private static long count(SparkSession spark, String query) {
        Row row = spark.sql(query).first();
        return row.getLong(0);
    }
}
