package org.normsweep.spark;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.BnParamRecord;
import org.normsweep.result.ClassAccuracyRecord;
import org.normsweep.result.HistogramRecord;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.Provenance;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrialSpec;

/**
 * The result tables: one schema each, declared once here, and the rows a trial's result makes.
 * Every row starts with {@code run_id, trial_id}. Driver-only.
 */
public final class ResultTables {
    public static final String TRIALS = "trials";
    public static final String EPOCHS = "epochs";
    public static final String STEPS = "steps";
    public static final String ACTIVATIONS = "activations";
    public static final String HISTOGRAMS = "histograms";
    public static final String BN_PARAMS = "bn_params";
    public static final String CLASS_ACCURACY = "class_accuracy";
    /**
     * Which trials each run of a sweep asked for, done now or earlier (a trial is content-addressed, so a sweep
     * can reuse another sweep's result for the same settings): written once when a run starts.
     */
    public static final String PLANS = "plans";
    public static final StructType PLANS_SCHEMA = schema("sweep string", "run_id string", "trial_id string");
    /** Write order: a trial's {@code trials} row goes last, so it marks the trial's other rows as complete. */
    public static final List<String> ALL = List.of(STEPS, EPOCHS, ACTIVATIONS, HISTOGRAMS, BN_PARAMS, CLASS_ACCURACY,
            TRIALS);

    /** {@code trials}: the ids, a column per setting ({@link TrialSpec#SETTINGS}), the outcome and provenance. */
    public static final StructType TRIALS_SCHEMA = schema(concat(List.of("sweep string", "run_id string",
            "trial_id string"), settingColumns(), List.of("bn_layers int",
            "status string", "error string", "final_train_loss double", "final_test_accuracy double",
            "final_test_accuracy_train_mode double", "epochs_trained int", "reported_epoch int",
            "wall_seconds double", "executor_host string", "started_at timestamp", "ended_at timestamp",
            "code_version string", "dl4j_version string", "java_version string", "os string", "backend string",
            "threads int", "device string", "trained_by string", "sweep_file_sha256 string", "kernel_path string")));
    public static final StructType EPOCHS_SCHEMA = schema(
            "run_id string", "trial_id string", "epoch int", "train_loss double", "test_loss double",
            "test_accuracy double", "test_accuracy_train_mode double", "val_loss double", "val_accuracy double",
            "seconds double");
    public static final StructType STEPS_SCHEMA = schema(
            "run_id string", "trial_id string", "epoch int", "step int", "loss double");
    public static final StructType ACTIVATIONS_SCHEMA = schema(
            "run_id string", "trial_id string", "epoch int", "layer int", "layer_name string", "position string",
            "mean_abs double", "mean_sq double", "std double", "saturated_fraction double", "mean_abs_grad double");
    public static final StructType HISTOGRAMS_SCHEMA = schema(
            "run_id string", "trial_id string", "epoch int", "layer int", "layer_name string", "position string",
            "bin_low double", "bin_high double", "count long");
    public static final StructType BN_PARAMS_SCHEMA = schema(
            "run_id string", "trial_id string", "epoch int", "layer int", "layer_name string",
            "gamma array<double>", "beta array<double>", "gamma_mean double", "gamma_std double", "gamma_min double",
            "gamma_max double", "beta_mean double", "beta_std double", "beta_min double", "beta_max double");
    public static final StructType CLASS_ACCURACY_SCHEMA = schema(
            "run_id string", "trial_id string", "epoch int", "mode string", "label int", "accuracy double",
            "examples int");

    private ResultTables() {
    }

    public static StructType schemaOf(String table) {
        return switch (table) {
            case TRIALS -> TRIALS_SCHEMA;
            case EPOCHS -> EPOCHS_SCHEMA;
            case STEPS -> STEPS_SCHEMA;
            case ACTIVATIONS -> ACTIVATIONS_SCHEMA;
            case HISTOGRAMS -> HISTOGRAMS_SCHEMA;
            case BN_PARAMS -> BN_PARAMS_SCHEMA;
            case CLASS_ACCURACY -> CLASS_ACCURACY_SCHEMA;
            default -> throw new IllegalArgumentException("no result table " + table);
        };
    }

    /** Context a trial's rows carry beyond its result: the sweep and the run that produced them. */
    public record RunContext(String sweep, String runId, String sweepFileHash) implements java.io.Serializable {
    }

    private static List<String> settingColumns() {
        return TrialSpec.SETTINGS.stream().filter(s -> s.column() != null).map(s -> s.column() + " " + s.columnType())
                .toList();
    }

    private static String[] concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all.toArray(String[]::new);
    }

    public static Row trialRow(RunContext run, TrialResult r) {
        TrialSpec s = r.spec();
        Provenance p = r.provenance();
        List<Object> values = new ArrayList<>(List.of(run.sweep(), run.runId(), s.id()));
        for (Setting<?> setting : TrialSpec.SETTINGS) {
            if (setting.column() != null) {
                Object v = setting.columnValue(s);
                values.add(v instanceof List<?> list ? scalaSeq(list) : v);
            }
        }
        values.add(s.bnLayersPresent());
        return RowFactory.create(concatValues(values, r.status().name(), r.error(), r.finalTrainLoss(), r.finalTestAccuracy(), r.finalTestAccuracyTrainMode(),
                r.epochsTrained(), r.reportedEpoch(), r.wallSeconds(), r.host(),
                new Timestamp(r.startMillis()), new Timestamp(r.endMillis()), p.codeVersion(), p.dl4jVersion(),
                p.javaVersion(), p.os(), p.backend(), p.threads(), p.device(), p.trainedBy(), run.sweepFileHash(), p.kernelPath()));
    }

    private static Object[] concatValues(List<Object> head, Object... tail) {
        List<Object> all = new ArrayList<>(head);
        all.addAll(java.util.Arrays.asList(tail));
        return all.toArray();
    }

    public static List<Row> epochRows(RunContext run, TrialResult r) {
        List<Row> rows = new ArrayList<>();
        for (EpochRecord e : r.epochs()) {
            rows.add(RowFactory.create(run.runId(), r.spec().id(), e.epoch(), e.trainLoss(), e.testLoss(),
                    e.testAccuracy(), e.testAccuracyTrainMode(), e.valLoss(), e.valAccuracy(), e.seconds()));
        }
        return rows;
    }

    public static List<Row> stepRows(RunContext run, TrialResult r) {
        List<Row> rows = new ArrayList<>(r.steps().size());
        for (StepRecord s : r.steps()) {
            rows.add(RowFactory.create(run.runId(), r.spec().id(), s.epoch(), s.step(), s.loss()));
        }
        return rows;
    }

    public static List<Row> activationRows(RunContext run, TrialResult r) {
        List<Row> rows = new ArrayList<>();
        for (ActivationRecord a : r.activations()) {
            rows.add(RowFactory.create(run.runId(), r.spec().id(), a.epoch(), a.layer(), a.layerName(),
                    a.position(), a.meanAbs(), a.meanSquare(), a.std(), a.saturatedFraction(), a.meanAbsGrad()));
        }
        return rows;
    }

    public static List<Row> histogramRows(RunContext run, TrialResult r) {
        List<Row> rows = new ArrayList<>();
        for (HistogramRecord h : r.probes().histograms()) {
            rows.add(RowFactory.create(run.runId(), r.spec().id(), h.epoch(), h.layer(), h.layerName(), h.position(),
                    h.binLow(), h.binHigh(), h.count()));
        }
        return rows;
    }

    public static List<Row> bnParamRows(RunContext run, TrialResult r) {
        List<Row> rows = new ArrayList<>();
        for (BnParamRecord b : r.probes().bnParams()) {
            double[] g = b.gamma();
            double[] be = b.beta();
            rows.add(RowFactory.create(run.runId(), r.spec().id(), b.epoch(), b.layer(), b.layerName(),
                    scalaSeq(java.util.Arrays.stream(g).boxed().toList()),
                    scalaSeq(java.util.Arrays.stream(be).boxed().toList()),
                    BnParamRecord.mean(g), BnParamRecord.std(g), BnParamRecord.min(g), BnParamRecord.max(g),
                    BnParamRecord.mean(be), BnParamRecord.std(be), BnParamRecord.min(be), BnParamRecord.max(be)));
        }
        return rows;
    }

    public static List<Row> classAccuracyRows(RunContext run, TrialResult r) {
        List<Row> rows = new ArrayList<>();
        for (ClassAccuracyRecord c : r.probes().classAccuracy()) {
            rows.add(RowFactory.create(run.runId(), r.spec().id(), c.epoch(), c.mode(), c.label(), c.accuracy(),
                    c.examples()));
        }
        return rows;
    }

    /** The rows {@code r} adds to {@code table}. */
    public static List<Row> rows(String table, RunContext run, TrialResult r) {
        return switch (table) {
            case TRIALS -> List.of(trialRow(run, r));
            case EPOCHS -> epochRows(run, r);
            case STEPS -> stepRows(run, r);
            case ACTIVATIONS -> activationRows(run, r);
            case HISTOGRAMS -> histogramRows(run, r);
            case BN_PARAMS -> bnParamRows(run, r);
            case CLASS_ACCURACY -> classAccuracyRows(run, r);
            default -> throw new IllegalArgumentException("no result table " + table);
        };
    }

    private static Object scalaSeq(List<?> values) {
        return scala.jdk.javaapi.CollectionConverters.asScala(values).toSeq();
    }

    private static StructType schema(String... columns) {
        List<StructField> fields = new ArrayList<>();
        for (String column : columns) {
            String[] parts = column.split(" ", 2);
            fields.add(DataTypes.createStructField(parts[0], org.apache.spark.sql.types.DataType.fromDDL(parts[1]),
                    true));
        }
        return DataTypes.createStructType(fields);
    }
}
