package org.normsweep.report;

import static org.normsweep.report.Tolerances.Kind.ACCURACY;
import static org.normsweep.report.Tolerances.Kind.EXACT;
import static org.normsweep.report.Tolerances.Kind.LOSS;
import static org.normsweep.report.Tolerances.Kind.MAGNITUDE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code diff}: compares two attempts of each trial ({@link AttemptPairs} chooses them) and lists every quantity that
 * moved past the {@link Tolerances}: the trial's status, epoch counts and final accuracy and loss, each epoch's test
 * accuracy and training loss, and the activation and gradient magnitudes per (epoch, layer, position). Reads the
 * result views ({@code trials_all}, {@code epochs_all}, {@code activations_all}, {@code sweep_trials}); writes
 * nothing. Driver-only.
 */
public final class RunDiff {
    /**
     * What to compare.
     *
     * @param results where the results are (for messages)
     * @param run     the run compared, or null for the latest
     * @param against the run it is compared against, or null for each trial's previous attempt
     * @param sweep   only this sweep's trials, or null for all
     */
    public record Selection(String results, String run, String against, String sweep) {}

    /** Input the user can fix: an unknown run, or two runs with nothing to compare. */
    public static final class BadSelection extends IllegalArgumentException {
        BadSelection(String message) {
            super(message);
        }
    }

    /** One quantity of one trial that moved: {@code quantity} names it, {@code change} says how. */
    public record Move(String trialId, String label, String quantity, String change) {
        public String line() {
            return trialId + " " + label + ": " + quantity + " " + change;
        }
    }

    /**
     * What was compared and what moved.
     *
     * @param inNewRun   the new run's trials (in the sweep, with {@code --sweep})
     * @param compared   those with an attempt to compare against
     * @param provenance how the attempts' provenance differs, e.g. {@code threads 1 -> 2 (4 trials)}
     * @param moves      grouped by trial, in the trials' settings order
     */
    public record Outcome(
            String newRun,
            List<String> oldRuns,
            long inNewRun,
            long compared,
            List<String> provenance,
            List<Move> moves) {
        public long trialsMoved() {
            return moves.stream().map(Move::trialId).distinct().count();
        }
    }

    private record Quantity(String column, Tolerances.Kind kind) {}

    /** A child table compared row by row: the columns that key a row, how a key reads, what is compared. */
    private record Child(
            String table, List<String> keys, Function<List<Object>, String> where, List<Quantity> quantities) {}

    private static final List<Quantity> TRIAL_QUANTITIES = List.of(
            new Quantity("status", EXACT),
            new Quantity("epochs_trained", EXACT),
            new Quantity("reported_epoch", EXACT),
            new Quantity("final_test_accuracy", ACCURACY),
            new Quantity("final_test_accuracy_train_mode", ACCURACY),
            new Quantity("final_train_loss", LOSS));

    /** Provenance that can explain a move (a GPU's index cannot). */
    private static final List<String> PROVENANCE =
            List.of("code_version", "dl4j_version", "java_version", "os", "backend", "kernel_path", "threads");

    private static final List<Child> CHILDREN = List.of(
            new Child(
                    "epochs",
                    List.of("epoch"),
                    k -> "epoch " + k.get(0),
                    List.of(new Quantity("test_accuracy", ACCURACY), new Quantity("train_loss", LOSS))),
            new Child(
                    "activations",
                    List.of("epoch", "layer", "layer_name", "position"),
                    k -> "activations epoch " + k.get(0) + " " + k.get(2) + " " + k.get(3),
                    List.of(
                            new Quantity("mean_abs", MAGNITUDE),
                            new Quantity("mean_sq", MAGNITUDE),
                            new Quantity("mean_abs_grad", MAGNITUDE))));

    /** The label {@code run} prints for a trial ({@code TrialSpec.label()}), from its {@code trials} row. */
    static final String LABEL = "concat(n.model, ' lr=', cast(n.lr AS string), ' bn_exclude=',"
            + " coalesce(nullif(concat('[', array_join(n.bn_excluded, ','), ']'), '[]'), 'none'),"
            + " ' seed=', cast(n.seed AS string), ' epochs=', cast(n.epochs AS string))";

    private RunDiff() {}

    /**
     * Compares the attempts {@code selection} names.
     *
     * @throws BadSelection when a run is unknown or no trial has two attempts to compare
     */
    public static Outcome compare(SparkSession spark, Selection selection, Tolerances tolerances) {
        AttemptPairs.Chosen chosen = AttemptPairs.register(spark, selection);
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, List<Move>> byTrial = new LinkedHashMap<>();
        Map<String, Integer> provenance = new LinkedHashMap<>();
        for (Row r : spark.sql(trialsQuery()).collectAsList()) {
            String id = r.getString(0);
            if (labels.putIfAbsent(id, r.getString(1)) != null) {
                continue; // a trial written twice in one run: its latest row counts
            }
            List<Move> moves = byTrial.computeIfAbsent(id, x -> new ArrayList<>());
            int i = 2;
            for (Quantity q : TRIAL_QUANTITIES) {
                Object old = r.get(i++);
                Object now = r.get(i++);
                if (tolerances.moved(q.kind(), old, now)) {
                    moves.add(new Move(id, labels.get(id), q.column(), Tolerances.change(q.kind(), old, now)));
                }
            }
            for (String column : PROVENANCE) {
                Object old = r.get(i++);
                Object now = r.get(i++);
                if (!Objects.equals(old, now)) {
                    provenance.merge(column + " " + old + " -> " + now, 1, Integer::sum);
                }
            }
        }
        for (Child child : CHILDREN) {
            if (spark.catalog().tableExists(child.table() + "_all")) {
                compareChild(spark, child, tolerances, labels, byTrial);
            }
        }
        List<String> provenanceLines = new ArrayList<>();
        provenance.forEach((change, trials) -> provenanceLines.add(change + " (" + trials + " trial(s))"));
        return new Outcome(
                chosen.newRun(),
                chosen.oldRuns(),
                chosen.inNewRun(),
                chosen.pairs(),
                provenanceLines,
                byTrial.values().stream().flatMap(List::stream).toList());
    }

    private static String trialsQuery() {
        StringBuilder columns = new StringBuilder("p.trial_id, " + LABEL);
        for (Quantity q : TRIAL_QUANTITIES) {
            columns.append(", o.").append(q.column()).append(", n.").append(q.column());
        }
        for (String column : PROVENANCE) {
            columns.append(", o.").append(column).append(", n.").append(column);
        }
        return "SELECT " + columns + " FROM diff_pairs p"
                + " JOIN trials_all o ON o.trial_id = p.trial_id AND o.run_id = p.old_run"
                + " JOIN trials_all n ON n.trial_id = p.trial_id AND n.run_id = p.new_run"
                + " ORDER BY n.model, n.lr, n.bn_excluded, n.seed, n.epochs, p.trial_id, o.ended_at DESC,"
                + " n.ended_at DESC";
    }

    /**
     * Adds the moves of {@code child}'s rows. Spark returns only the rows that differ at all (bit-identical re-runs
     * return none); a row only one attempt has counts once, per table.
     */
    private static void compareChild(
            SparkSession spark,
            Child child,
            Tolerances tolerances,
            Map<String, String> labels,
            Map<String, List<Move>> byTrial) {
        int k = child.keys().size();
        Map<String, int[]> onlyOneSide = new LinkedHashMap<>();
        for (Row r : spark.sql(childQuery(child)).collectAsList()) {
            String id = r.getString(0);
            List<Object> key = new ArrayList<>();
            for (int i = 1; i <= k; i++) {
                key.add(r.get(i));
            }
            boolean onlyOld = r.getBoolean(k + 1);
            if (onlyOld || r.getBoolean(k + 2)) {
                onlyOneSide.computeIfAbsent(id, x -> new int[2])[onlyOld ? 0 : 1]++;
                continue;
            }
            int i = k + 3;
            for (Quantity q : child.quantities()) {
                Object old = r.get(i++);
                Object now = r.get(i++);
                if (tolerances.moved(q.kind(), old, now)) {
                    byTrial.get(id)
                            .add(new Move(
                                    id,
                                    labels.get(id),
                                    child.where().apply(key) + " " + q.column(),
                                    Tolerances.change(q.kind(), old, now)));
                }
            }
        }
        onlyOneSide.forEach((id, counts) -> {
            for (int side = 0; side < 2; side++) {
                if (counts[side] > 0) {
                    byTrial.get(id)
                            .add(new Move(
                                    id,
                                    labels.get(id),
                                    child.table(),
                                    counts[side] + " row(s) only in the " + (side == 0 ? "old" : "new") + " attempt"));
                }
            }
        });
    }

    private static String childQuery(Child child) {
        StringBuilder select = new StringBuilder("coalesce(o.trial_id, n.trial_id) AS trial_id");
        StringBuilder on = new StringBuilder("o.trial_id = n.trial_id");
        for (String key : child.keys()) {
            select.append(", coalesce(o.")
                    .append(key)
                    .append(", n.")
                    .append(key)
                    .append(")");
            on.append(" AND o.").append(key).append(" = n.").append(key);
        }
        select.append(", n.trial_id IS NULL AS only_old, o.trial_id IS NULL AS only_new");
        List<String> same = new ArrayList<>();
        for (Quantity q : child.quantities()) {
            select.append(", o.").append(q.column()).append(", n.").append(q.column());
            same.add("o." + q.column() + " <=> n." + q.column());
        }
        String side = "(SELECT c.* FROM " + child.table() + "_all c JOIN diff_pairs p"
                + " ON c.trial_id = p.trial_id AND c.run_id = p.%s)";
        return "SELECT " + select + " FROM " + String.format(side, "old_run") + " o FULL OUTER JOIN "
                + String.format(side, "new_run") + " n ON " + on
                + " WHERE o.trial_id IS NULL OR n.trial_id IS NULL OR NOT (" + String.join(" AND ", same) + ")"
                + " ORDER BY " + orderBy(child.keys().size());
    }

    private static String orderBy(int keys) {
        List<String> positions = new ArrayList<>();
        for (int i = 1; i <= keys + 1; i++) {
            positions.add(String.valueOf(i));
        }
        return String.join(", ", positions);
    }
}
