package org.normsweep.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Chooses the two attempts of each trial that {@code diff} compares and registers them as the view
 * {@code diff_pairs(trial_id, old_run, new_run)}. The new side is one run: the one named, else the latest (run ids
 * sort by start time); the old side is the run named, else each trial's attempt just before the new one. Reads the
 * result views ({@code trials_all}, {@code sweep_trials}) once: a trial's runs are few, so the choice is made here
 * rather than in Spark. Driver-only.
 */
final class AttemptPairs {
    /** Sweep names, as sweep files allow them: all that is pasted into SQL. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private static final StructType PAIRS = new StructType()
            .add("trial_id", DataTypes.StringType, false)
            .add("old_run", DataTypes.StringType, false)
            .add("new_run", DataTypes.StringType, false);

    /**
     * @param newRun   the run compared
     * @param oldRuns  the runs it is compared against, in order
     * @param inNewRun its trials in scope
     * @param pairs    those compared (with an attempt on the old side)
     */
    record Chosen(String newRun, List<String> oldRuns, long inNewRun, long pairs) {}

    private AttemptPairs() {}

    /**
     * Registers {@code diff_pairs} for {@code selection}.
     *
     * @throws RunDiff.BadSelection when a run is unknown or there is nothing to compare
     */
    static Chosen register(SparkSession spark, RunDiff.Selection selection) {
        String sweep = selection.sweep();
        String scope = sweep == null
                ? ""
                : " WHERE trial_id IN (SELECT trial_id FROM sweep_trials WHERE sweep = '" + checked("--sweep", sweep)
                        + "')";
        Map<String, TreeSet<String>> runsOfTrial = new TreeMap<>();
        TreeSet<String> runs = new TreeSet<>();
        for (Row r : spark.sql("SELECT DISTINCT trial_id, run_id FROM trials_all" + scope)
                .collectAsList()) {
            runsOfTrial.computeIfAbsent(r.getString(0), t -> new TreeSet<>()).add(r.getString(1));
            runs.add(r.getString(1));
        }
        if (runs.isEmpty()) {
            throw new RunDiff.BadSelection("no trials under " + selection.results());
        }
        String newRun = selection.run() != null ? known(spark, "--run", selection.run(), runs, selection) : runs.last();
        String against = selection.against();
        if (against != null) {
            known(spark, "--against", against, runs, selection);
            if (against.equals(newRun)) {
                throw new RunDiff.BadSelection("--run and --against name the same run, " + against);
            }
        }
        List<Row> pairs = new ArrayList<>();
        TreeSet<String> oldRuns = new TreeSet<>();
        long inNewRun = 0;
        for (Map.Entry<String, TreeSet<String>> trial : runsOfTrial.entrySet()) {
            TreeSet<String> its = trial.getValue();
            if (!its.contains(newRun)) {
                continue;
            }
            inNewRun++;
            String old = against != null ? (its.contains(against) ? against : null) : its.lower(newRun);
            if (old != null) {
                pairs.add(RowFactory.create(trial.getKey(), old, newRun));
                oldRuns.add(old);
            }
        }
        if (pairs.isEmpty()) {
            throw new RunDiff.BadSelection(
                    against != null
                            ? "runs " + newRun + " and " + against + " have no trial in common"
                                    + (sweep == null ? "" : " of sweep " + sweep)
                            : "nothing to compare: none of the " + inNewRun + " trial(s) of run " + newRun
                                    + " has an earlier attempt (fewer than two attempts each; re-run them with"
                                    + " `run --rerun-all`, or name two runs with --run and --against)");
        }
        spark.createDataFrame(pairs, PAIRS).createOrReplaceTempView("diff_pairs");
        return new Chosen(newRun, List.copyOf(oldRuns), inNewRun, pairs.size());
    }

    /** {@code value}, when it can be a name, else bad input naming the option. */
    static String checked(String option, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new RunDiff.BadSelection(option + " must be letters, digits, '_', '.' or '-', found '" + value + "'");
        }
        return value;
    }

    /** {@code runId}, when it is one of {@code runs} (those in scope), else bad input that says what there is. */
    private static String known(
            SparkSession spark, String option, String runId, TreeSet<String> runs, RunDiff.Selection selection) {
        if (runs.contains(runId)) {
            return runId;
        }
        TreeSet<String> all = new TreeSet<>();
        spark.sql("SELECT DISTINCT run_id FROM trials_all").collectAsList().forEach(r -> all.add(r.getString(0)));
        if (all.contains(runId)) {
            throw new RunDiff.BadSelection(
                    option + " " + runId + ": that run has no trials of sweep " + selection.sweep());
        }
        throw new RunDiff.BadSelection(option + " " + runId + ": no such run under " + selection.results()
                + " (latest runs: "
                + String.join(", ", all.descendingSet().stream().limit(5).toList()) + ")");
    }
}
