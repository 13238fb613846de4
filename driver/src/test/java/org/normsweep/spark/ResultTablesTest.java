package org.normsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.ClassAccuracyRecord;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.HistogramRecord;
import org.normsweep.result.Provenance;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrialSpec;
import org.normsweep.testing.SampleResults;

/** Each table's schema and the record that fills it agree, column for field. */
class ResultTablesTest {
    private static Set<String> columns(StructType schema) {
        return Arrays.stream(schema.fieldNames()).collect(Collectors.toSet());
    }

    private static Set<String> snakeFields(Class<? extends Record> type, String... extra) {
        Set<String> names = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .map(n -> n.replaceAll("([A-Z])", "_$1").toLowerCase()).collect(Collectors.toCollection(HashSet::new));
        names.addAll(List.of(extra));
        return names;
    }

    @Test
    void childTablesHoldTheirRecordsFieldsPlusIds() {
        assertEquals(snakeFields(EpochRecord.class, "run_id", "trial_id"), columns(ResultTables.EPOCHS_SCHEMA));
        assertEquals(snakeFields(StepRecord.class, "run_id", "trial_id"), columns(ResultTables.STEPS_SCHEMA));
        assertEquals(snakeFields(HistogramRecord.class, "run_id", "trial_id"), columns(ResultTables.HISTOGRAMS_SCHEMA));
        assertEquals(snakeFields(ClassAccuracyRecord.class, "run_id", "trial_id"),
                columns(ResultTables.CLASS_ACCURACY_SCHEMA));
        Set<String> activation = snakeFields(ActivationRecord.class, "run_id", "trial_id");
        activation.remove("mean_square");
        activation.add("mean_sq");
        assertEquals(activation, columns(ResultTables.ACTIVATIONS_SCHEMA));
        assertTrue(columns(ResultTables.BN_PARAMS_SCHEMA).containsAll(List.of("gamma", "beta", "gamma_std", "beta_max")));
    }

    @Test
    void trialsTableHasEverySettingAndProvenanceField() {
        Set<String> cols = columns(ResultTables.TRIALS_SCHEMA);
        for (Setting<?> s : TrialSpec.SETTINGS) {
            assertTrue(s == TrialSpec.DATASET_PATH ? s.column() == null : cols.contains(s.column()), s.key());
        }
        for (String field : snakeFields(Provenance.class)) {
            assertTrue(cols.contains(field), field);
        }
        TrialResult r = SampleResults.completed();
        ResultTables.RunContext run = new ResultTables.RunContext("s", "r", "h");
        for (String table : ResultTables.ALL) {
            assertEquals(ResultTables.schemaOf(table).size(), ResultTables.rows(table, run, r).get(0).size(), table);
        }
    }
}
