package org.normsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.normsweep.result.Divergence;
import org.normsweep.result.Provenance;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrialSpec;

/** Every column name and type that results directories already hold stays as it was; new ones are added. */
class ResultTablesTest {
    /** The columns (name type) each table had before the registry; old files must stay readable as these. */
    static final Map<String, String> BEFORE = new LinkedHashMap<>();

    static {
        BEFORE.put("plans", "sweep string, run_id string, trial_id string");
        BEFORE.put(
                "trials",
                "sweep string, run_id string, trial_id string, model string, activation string, dataset string,"
                        + " train_limit int, test_limit int, batch_size int, optimizer string, lr double, lr_schedule string,"
                        + " bn_excluded array<int>, bn_layers int, bn_variant string, bn_impl string, kernels string,"
                        + " bias_removal string, weight_init string, weight_decay double, dropout double,"
                        + " early_stopping_patience int, validation_split double, seed bigint, epochs int, probe_size int,"
                        + " status string, error string, final_train_loss double, final_test_accuracy double,"
                        + " final_test_accuracy_train_mode double, epochs_trained int, reported_epoch int, wall_seconds double,"
                        + " executor_host string, started_at timestamp, ended_at timestamp, code_version string,"
                        + " dl4j_version string, java_version string, os string, backend string, threads int, device string,"
                        + " trained_by string, sweep_file_sha256 string, kernel_path string");
        BEFORE.put(
                "epochs",
                "run_id string, trial_id string, epoch int, train_loss double, test_loss double,"
                        + " test_accuracy double, test_accuracy_train_mode double, val_loss double, val_accuracy double,"
                        + " seconds double");
        BEFORE.put("steps", "run_id string, trial_id string, epoch int, step int, loss double");
        BEFORE.put(
                "activations",
                "run_id string, trial_id string, epoch int, layer int, layer_name string,"
                        + " position string, mean_abs double, mean_sq double, std double, saturated_fraction double,"
                        + " mean_abs_grad double");
        BEFORE.put(
                "histograms",
                "run_id string, trial_id string, epoch int, layer int, layer_name string,"
                        + " position string, bin_low double, bin_high double, count bigint");
        BEFORE.put(
                "bn_params",
                "run_id string, trial_id string, epoch int, layer int, layer_name string,"
                        + " gamma array<double>, beta array<double>, gamma_mean double, gamma_std double, gamma_min double,"
                        + " gamma_max double, beta_mean double, beta_std double, beta_min double, beta_max double");
        BEFORE.put(
                "class_accuracy",
                "run_id string, trial_id string, epoch int, mode string, label int,"
                        + " accuracy double, examples int");
    }

    private static List<String> columns(ResultTable t) {
        return Arrays.stream(t.schema().fields())
                .map(f -> f.name() + " " + f.dataType().simpleString())
                .toList();
    }

    @Test
    void everyOldColumnKeepsItsNameTypeAndOrder() {
        assertEquals(
                BEFORE.keySet(),
                ResultTables.ALL.stream().map(ResultTable::name).collect(Collectors.toSet()));
        for (ResultTable t : ResultTables.ALL) {
            List<String> old = List.of(BEFORE.get(t.name()).split(", "));
            List<String> now = columns(t).stream().filter(old::contains).toList();
            assertEquals(old, now, t.name() + ": every old column, in its old order");
            assertTrue(t.schema().fields().length == old.size() || !t.name().equals("steps"), t.name());
        }
        List<String> added = columns(ResultTables.TRIALS).stream()
                .filter(c -> !List.of(BEFORE.get("trials").split(", ")).contains(c))
                .toList();
        assertEquals(
                List.of("momentum double", "diverged_step int", "diverged_layer string", "diverged_quantity string"),
                added,
                "columns added since");
        List<String> addedToEpochs = columns(ResultTables.EPOCHS).stream()
                .filter(c -> !List.of(BEFORE.get("epochs").split(", ")).contains(c))
                .toList();
        assertEquals(List.of("eval_seconds double", "probe_seconds double"), addedToEpochs, "columns added since");
    }

    @Test
    void trialsHasEverySettingAndProvenanceField() {
        List<String> cols = Arrays.stream(ResultTables.TRIALS.schema().fields())
                .map(StructField::name)
                .toList();
        for (Setting<?> s : TrialSpec.SETTINGS) {
            assertTrue(s == TrialSpec.DATASET_PATH ? s.column() == null : cols.contains(s.column()), s.key());
        }
        for (var c : Provenance.class.getRecordComponents()) {
            assertTrue(cols.contains(ResultTable.snake(c.getName())), c.getName());
        }
        // A divergence's epoch is the last epochs row's; the rest has a column each.
        for (var c : Divergence.class.getRecordComponents()) {
            assertTrue(
                    c.getName().equals("epoch") || cols.contains("diverged_" + ResultTable.snake(c.getName())),
                    c.getName());
        }
    }

    @Test
    void writeOrderPutsPlansFirstAndTrialsLast() {
        assertEquals(ResultTables.PLANS, ResultTables.ALL.get(0));
        assertEquals(ResultTables.TRIALS, ResultTables.ALL.get(ResultTables.ALL.size() - 1));
        assertEquals(
                List.of("plans"),
                ResultTables.ALL.stream()
                        .filter(t -> !t.perTrial())
                        .map(ResultTable::name)
                        .toList());
    }
}
