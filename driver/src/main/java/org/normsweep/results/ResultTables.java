package org.normsweep.results;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.BnParamRecord;
import org.normsweep.result.ClassAccuracyRecord;
import org.normsweep.result.Divergence;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.HistogramRecord;
import org.normsweep.result.Provenance;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.results.ResultTable.Column;
import org.normsweep.results.ResultTable.Source;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrialSpec;

/**
 * The result tables, declared once here ({@link #ALL}, in write order): each a name, whether its rows belong to a
 * trial, and its columns. A child table's columns are {@code run_id, trial_id} and one per component of its row
 * record ({@link EpochRecord} for {@code epochs}, ...); {@code trials} names each column with its value. Writer,
 * views, catalog and resume iterate {@link #ALL}. Driver-only.
 */
public final class ResultTables {
    private ResultTables() {}

    /** Context a trial's rows carry beyond its result: the sweep and the run that produced them. */
    public record RunContext(String sweep, String runId, String sweepFileHash) implements java.io.Serializable {}

    /**
     * Which trials each run of a sweep asked for, done now or earlier (a trial is content-addressed, so a sweep
     * can reuse another sweep's result for the same settings): written once when a run starts, a row per trial id.
     */
    public static final ResultTable PLANS = ResultTable.ofRun(
            "plans",
            List.of(
                    Column.of("sweep", "string", s -> s.run().sweep()),
                    Column.of("run_id", "string", s -> s.run().runId()),
                    Column.of("trial_id", "string", s -> s.item())));

    public static final ResultTable STEPS = child("steps", StepRecord.class, TrialResult::steps, List.of());
    public static final ResultTable EPOCHS = child("epochs", EpochRecord.class, TrialResult::epochs, List.of());
    public static final ResultTable ACTIVATIONS =
            child("activations", ActivationRecord.class, TrialResult::activations, List.of());
    public static final ResultTable HISTOGRAMS =
            child("histograms", HistogramRecord.class, r -> r.probes().histograms(), List.of());
    public static final ResultTable BN_PARAMS = child(
            "bn_params",
            BnParamRecord.class,
            r -> r.probes().bnParams(),
            List.of(
                    bn("gamma_mean", b -> BnParamRecord.mean(b.gamma())),
                            bn("gamma_std", b -> BnParamRecord.std(b.gamma())),
                    bn("gamma_min", b -> BnParamRecord.min(b.gamma())),
                            bn("gamma_max", b -> BnParamRecord.max(b.gamma())),
                    bn("beta_mean", b -> BnParamRecord.mean(b.beta())),
                            bn("beta_std", b -> BnParamRecord.std(b.beta())),
                    bn("beta_min", b -> BnParamRecord.min(b.beta())),
                            bn("beta_max", b -> BnParamRecord.max(b.beta()))));
    public static final ResultTable CLASS_ACCURACY =
            child("class_accuracy", ClassAccuracyRecord.class, r -> r.probes().classAccuracy(), List.of());
    /** One row per trial attempt: the ids, a column per setting ({@link TrialSpec#SETTINGS}), outcome, provenance. */
    public static final ResultTable TRIALS = ResultTable.ofTrial("trials", List::of, trialColumns());

    /**
     * Every table, in write order: {@code plans} when a run starts; then per trial its child tables and its
     * {@code trials} row last, so that row marks the trial's other rows as complete.
     */
    public static final List<ResultTable> ALL =
            List.of(PLANS, STEPS, EPOCHS, ACTIVATIONS, HISTOGRAMS, BN_PARAMS, CLASS_ACCURACY, TRIALS);

    /** The table named {@code name}. */
    public static ResultTable named(String name) {
        return ALL.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no result table " + name));
    }

    private static ResultTable child(
            String name, Class<? extends Record> row, Function<TrialResult, List<?>> rows, List<Column> derived) {
        List<Column> columns = new ArrayList<>(ResultTable.ids());
        columns.addAll(ResultTable.componentsOf(row));
        columns.addAll(derived);
        return ResultTable.ofTrial(name, rows, columns);
    }

    private static Column bn(String name, Function<BnParamRecord, Double> value) {
        return Column.of(name, "double", s -> value.apply((BnParamRecord) s.item()));
    }

    private static TrialResult result(Source s) {
        return s.result();
    }

    /** Where and when a DIVERGED trial went bad (null otherwise, and in rows written before the columns existed). */
    private static Divergence divergence(Source s) {
        return s.result().divergence();
    }

    private static Provenance provenance(Source s) {
        return s.result().provenance();
    }

    private static List<Column> trialColumns() {
        List<Column> c = new ArrayList<>(
                List.of(Column.of("sweep", "string", s -> s.run().sweep())));
        c.addAll(ResultTable.ids());
        for (Setting<?> setting : TrialSpec.SETTINGS) {
            if (setting.column() != null) {
                c.add(Column.of(
                        setting.column(),
                        setting.columnType(),
                        s -> ResultTable.toSpark(setting.columnValue(result(s).spec()))));
                if (setting == TrialSpec.BN_EXCLUDE) {
                    c.add(Column.of("bn_layers", "int", s -> result(s).spec().bnLayersPresent()));
                }
            }
        }
        c.addAll(List.of(
                Column.of("status", "string", s -> result(s).status().name()),
                Column.of("error", "string", s -> result(s).error()),
                Column.of("final_train_loss", "double", s -> result(s).finalTrainLoss()),
                Column.of("final_test_accuracy", "double", s -> result(s).finalTestAccuracy()),
                Column.of("final_test_accuracy_train_mode", "double", s -> result(s)
                        .finalTestAccuracyTrainMode()),
                Column.of("epochs_trained", "int", s -> result(s).epochsTrained()),
                Column.of("reported_epoch", "int", s -> result(s).reportedEpoch()),
                Column.of("wall_seconds", "double", s -> result(s).wallSeconds()),
                Column.of("executor_host", "string", s -> result(s).host()),
                Column.of(
                        "started_at", "timestamp", s -> new Timestamp(result(s).startMillis())),
                Column.of("ended_at", "timestamp", s -> new Timestamp(result(s).endMillis())),
                Column.of("code_version", "string", s -> provenance(s).codeVersion()),
                Column.of("dl4j_version", "string", s -> provenance(s).dl4jVersion()),
                Column.of("java_version", "string", s -> provenance(s).javaVersion()),
                Column.of("os", "string", s -> provenance(s).os()),
                Column.of("backend", "string", s -> provenance(s).backend()),
                Column.of("threads", "int", s -> provenance(s).threads()),
                Column.of("device", "string", s -> provenance(s).device()),
                Column.of("trained_by", "string", s -> provenance(s).trainedBy()),
                Column.of("sweep_file_sha256", "string", s -> s.run().sweepFileHash()),
                Column.of("kernel_path", "string", s -> provenance(s).kernelPath()),
                Column.of(
                        "diverged_step",
                        "int",
                        s -> divergence(s) == null ? null : divergence(s).step()),
                Column.of(
                        "diverged_layer",
                        "string",
                        s -> divergence(s) == null ? null : divergence(s).layer()),
                Column.of(
                        "diverged_quantity",
                        "string",
                        s -> divergence(s) == null
                                ? null
                                : divergence(s).quantity().column())));
        return c;
    }
}
