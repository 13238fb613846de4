package org.normsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.Provenance;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/** Each table's schema and the record that fills it agree, column for field. */
class ResultTablesTest {
    private static Set<String> columns(StructType schema) {
        return Arrays.stream(schema.fieldNames()).collect(Collectors.toSet());
    }

    private static Set<String> snakeFields(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .map(n -> n.replaceAll("([A-Z])", "_$1").toLowerCase()).collect(Collectors.toSet());
    }

    @Test
    void childTablesHoldTheirRecordsFieldsPlusIds() {
        assertEquals(union(snakeFields(EpochRecord.class), Set.of("run_id", "trial_id")),
                columns(ResultTables.EPOCHS_SCHEMA));
        assertEquals(union(snakeFields(StepRecord.class), Set.of("run_id", "trial_id")),
                columns(ResultTables.STEPS_SCHEMA));
        Set<String> activation = snakeFields(ActivationRecord.class);
        activation.remove("mean_square");
        activation.add("mean_sq");
        assertEquals(union(activation, Set.of("run_id", "trial_id")), columns(ResultTables.ACTIVATIONS_SCHEMA));
    }

    @Test
    void trialsTableHasEverySettingAndProvenanceField() {
        Set<String> cols = columns(ResultTables.TRIALS_SCHEMA);
        for (String setting : List.of("model", "dataset", "train_limit", "test_limit", "batch_size", "optimizer", "lr",
                "bn_excluded", "seed", "epochs", "probe_size")) {
            assertTrue(cols.contains(setting), setting);
        }
        for (String field : snakeFields(Provenance.class)) {
            assertTrue(cols.contains(field), field);
        }
        TrialSpec spec = new TrialSpec(ModelKind.LENET, new DatasetSpec("d", "/d", 0, 0), 8, "sgd", 0.1, List.of(1),
                1, 1, 8);
        TrialResult r = new TrialResult(spec, TrialStatus.COMPLETED, null, 0.5, 0.9, 1, "h", 0, 1,
                new Provenance("v", "d", "j", "o", "b", 1), List.of(new EpochRecord(1, 1, 1, 1, 1)),
                List.of(new StepRecord(1, 0, 1)), List.of(new ActivationRecord(0, 1, "conv1", "pre", 1, 1, 1)));
        ResultTables.RunContext run = new ResultTables.RunContext("s", "r", "h");
        for (String table : ResultTables.ALL) {
            assertEquals(ResultTables.schemaOf(table).size(), ResultTables.rows(table, run, r).get(0).size(), table);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
