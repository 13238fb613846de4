package org.normsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.result.TrialResult;
import org.normsweep.testing.SampleResults;
import org.normsweep.testing.SparkTestBase;

/** Files written without Spark read back through plain spark.read.parquet as the declared schemas and values. */
class ParquetRowFilesTest extends SparkTestBase {
    @TempDir
    Path dir;

    @Test
    void writtenRowsReadBackExactly() {
        TrialResult ok = SampleResults.completed();
        ResultTables.RunContext run = new ResultTables.RunContext("s", "run-1", "abc");
        ResultWriter writer = new ResultWriter(spark(), dir.toString(), run);
        writer.append(List.of(ok));
        writer.append(List.of(ok));

        for (ResultTable table : ResultTables.ALL) {
            if (!table.perTrial()) {
                continue;
            }
            String path = dir.resolve(table.name()).toString();
            assertEquals(table.schema(), spark().read().parquet(path).schema(), table.name());
            List<Row> back = spark().read().parquet(path).collectAsList();
            List<Row> expected = table.rows(run, ok);
            assertEquals(2 * expected.size(), back.size(), table.name());
            List<List<Object>> backValues =
                    back.stream().map(ParquetRowFilesTest::values).toList();
            for (Row row : expected) {
                assertEquals(2, backValues.stream().filter(values(row)::equals).count(), table.name() + ": " + row);
            }
        }
        Row trial = spark().read().parquet(dir.resolve("trials").toString()).first();
        assertTrue(trial.isNullAt(trial.fieldIndex("error")));
        assertEquals(List.of(1, 3), trial.getList(trial.fieldIndex("bn_excluded")));
        Row bn = spark().read().parquet(dir.resolve("bn_params").toString()).first();
        assertEquals(List.of(1.5, 0.5), bn.getList(bn.fieldIndex("gamma")));
        assertEquals(0.5, bn.getDouble(bn.fieldIndex("gamma_std")), 1e-12);
        Row pre = spark().read()
                .parquet(dir.resolve("activations").toString())
                .where("position = 'pre'")
                .first();
        assertTrue(pre.isNullAt(pre.fieldIndex("saturated_fraction")));
        assertEquals(
                1_700_000_000_123L,
                trial.getTimestamp(trial.fieldIndex("started_at")).getTime());
        assertEquals(
                0.5,
                trial.getDouble(trial.fieldIndex("final_test_accuracy")),
                "epoch 1's, the best under early stopping");
        Row second = spark().read()
                .parquet(dir.resolve("epochs").toString())
                .where("epoch = 2")
                .first();
        assertTrue(Double.isNaN(second.getDouble(second.fieldIndex("val_loss"))));
    }

    /** A row's values with arrays as Java lists, so rows compare by value (NaN equals NaN, as Double.equals has it). */
    private static List<Object> values(Row row) {
        List<Object> out = new java.util.ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            out.add(
                    row.isNullAt(i)
                            ? null
                            : row.schema() != null
                                                    && row.schema().fields()[i].dataType()
                                                            instanceof org.apache.spark.sql.types.ArrayType
                                            || row.get(i) instanceof scala.collection.Seq<?>
                                    ? row.getList(i)
                                    : row.get(i));
        }
        return out;
    }

    @Test
    void noHiddenOrPartialFilesAreLeftBehind() throws Exception {
        ResultWriter writer = new ResultWriter(spark(), dir.toString(), new ResultTables.RunContext("s", "r", "h"));
        writer.append(List.of(SampleResults.failed()));
        try (var files = Files.list(dir.resolve("trials"))) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".crc"))
                    .toList();
            assertEquals(1, names.size(), names.toString());
            assertTrue(
                    names.get(0).startsWith("part-r-00001-") && names.get(0).endsWith(".snappy.parquet"), names.get(0));
        }
        assertTrue(Files.notExists(dir.resolve("steps")), "a failed trial with no steps writes no steps file");
    }
}
