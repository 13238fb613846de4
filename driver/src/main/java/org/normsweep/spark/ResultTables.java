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
import org.normsweep.trial.Keyed;
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

    public static final StructType TRIALS_SCHEMA = schema(
            "sweep string", "run_id string", "trial_id string", "model string", "activation string", "dataset string",
            "train_limit int", "test_limit int", "batch_size int", "optimizer string", "lr double", "lr_schedule string",
            "bn_excluded array<int>", "bn_layers int", "bn_variant string", "bn_impl string", "kernels string",
            "bias_removal string",
            "weight_init string", "weight_decay double", "dropout double", "early_stopping_patience int",
            "validation_split double", "seed long", "epochs int", "probe_size int",
            "status string", "error string", "final_train_loss double", "final_test_accuracy double",
            "final_test_accuracy_train_mode double", "epochs_trained int", "reported_epoch int",
            "wall_seconds double", "executor_host string", "started_at timestamp", "ended_at timestamp",
            "code_version string", "dl4j_version string", "java_version string", "os string", "backend string",
            "threads int", "device string", "trained_by string", "sweep_file_sha256 string", "kernel_path string");
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

    public static Row trialRow(RunContext run, TrialResult r) {
        TrialSpec s = r.spec();
        Provenance p = r.provenance();
        return RowFactory.create(run.sweep(), run.runId(), s.id(), s.model().key(), Keyed.key(s.activation()),
                s.dataset().name(), s.dataset().trainLimit(), s.dataset().testLimit(), s.batchSize(), s.optimizer(),
                s.lr(), Keyed.key(s.lrSchedule()), scalaSeq(s.bnExcluded()), s.bnLayersPresent(), Keyed.key(s.bnVariant()), Keyed.key(s.bnImpl()),
                Keyed.key(s.kernels()),
                Keyed.key(s.biasRemoval()), Keyed.key(s.weightInit()), s.weightDecay(), s.dropout(), s.patience(),
                s.validationSplit(), s.seed(), s.epochs(), s.probeSize(),
                r.status().name(), r.error(), r.finalTrainLoss(), r.finalTestAccuracy(), r.finalTestAccuracyTrainMode(),
                r.epochsTrained(), r.reportedEpoch(), r.wallSeconds(), r.host(),
                new Timestamp(r.startMillis()), new Timestamp(r.endMillis()), p.codeVersion(), p.dl4jVersion(),
                p.javaVersion(), p.os(), p.backend(), p.threads(), p.device(), p.trainedBy(), run.sweepFileHash(), p.kernelPath());
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
