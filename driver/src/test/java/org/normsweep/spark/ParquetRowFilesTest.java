package org.normsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.Provenance;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.testing.SparkTestBase;
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/** Files written without Spark read back through plain spark.read.parquet as the declared schemas and values. */
class ParquetRowFilesTest extends SparkTestBase {
    @TempDir
    Path dir;

    @Test
    void writtenRowsReadBackExactly() {
        TrialSpec spec = new TrialSpec(ModelKind.LENET, new DatasetSpec("d", "/d", 10, 5), 8, "sgd", 0.25,
                List.of(1, 3), 7, 2, 8);
        TrialResult ok = new TrialResult(spec, TrialStatus.COMPLETED, null, 0.5, Double.NaN, 1.5, "host", 1_700_000_000_123L,
                1_700_000_001_456L, new Provenance("v+abc", "1.0.0-M2.1", "17", "Linux amd64", "cpu", 1),
                List.of(new EpochRecord(1, 1.5, 1.25, 0.5, 3.0), new EpochRecord(2, 1.0, 0.75, 0.625, 2.0)),
                List.of(new StepRecord(1, 0, 2.5), new StepRecord(1, 1, Double.POSITIVE_INFINITY)),
                List.of(new ActivationRecord(0, 1, "conv1", "pre", 0.5, 0.25, 1e-3)));
        ResultTables.RunContext run = new ResultTables.RunContext("s", "run-1", "abc");
        ResultWriter writer = new ResultWriter(spark(), dir.toString(), run);
        writer.append(List.of(ok));
        writer.append(List.of(ok));

        for (String table : ResultTables.ALL) {
            String path = dir.resolve(table).toString();
            assertEquals(ResultTables.schemaOf(table), spark().read().parquet(path).schema(), table);
            List<Row> back = spark().read().parquet(path).collectAsList();
            List<Row> expected = ResultTables.rows(table, run, ok);
            assertEquals(2 * expected.size(), back.size(), table);
            List<List<Object>> backValues = back.stream().map(ParquetRowFilesTest::values).toList();
            for (Row row : expected) {
                assertEquals(2, backValues.stream().filter(values(row)::equals).count(), table + ": " + row);
            }
        }
        Row trial = spark().read().parquet(dir.resolve("trials").toString()).first();
        assertTrue(trial.isNullAt(trial.fieldIndex("error")));
        assertEquals(List.of(1, 3), trial.getList(trial.fieldIndex("bn_excluded")));
        assertEquals(1_700_000_000_123L, trial.getTimestamp(trial.fieldIndex("started_at")).getTime());
        assertTrue(Double.isNaN(trial.getDouble(trial.fieldIndex("final_test_accuracy"))));
    }

    /** A row's values with arrays as Java lists, so rows compare by value (NaN equals NaN, as Double.equals has it). */
    private static List<Object> values(Row row) {
        List<Object> out = new java.util.ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            out.add(row.isNullAt(i) ? null
                    : row.schema() != null && row.schema().fields()[i].dataType() instanceof org.apache.spark.sql.types.ArrayType
                    || row.get(i) instanceof scala.collection.Seq<?> ? row.getList(i) : row.get(i));
        }
        return out;
    }

    @Test
    void noHiddenOrPartialFilesAreLeftBehind() throws Exception {
        ResultWriter writer = new ResultWriter(spark(), dir.toString(), new ResultTables.RunContext("s", "r", "h"));
        TrialSpec spec = new TrialSpec(ModelKind.LENET, new DatasetSpec("d", "/d", 0, 0), 8, "sgd", 0.1, List.of(), 1, 1, 8);
        writer.append(List.of(new TrialResult(spec, TrialStatus.FAILED, "boom", Double.NaN, Double.NaN, 0, "h", 0, 0,
                new Provenance("v", "d", "j", "o", "b", 1), List.of(), List.of(), List.of())));
        try (var files = Files.list(dir.resolve("trials"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).toList();
            assertEquals(1, names.size(), names.toString());
            assertTrue(names.get(0).startsWith("part-r-00001-") && names.get(0).endsWith(".snappy.parquet"), names.get(0));
        }
        assertTrue(Files.notExists(dir.resolve("steps")), "a failed trial with no steps writes no steps file");
    }
}
