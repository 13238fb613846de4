package org.normsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.result.Provenance;
import org.normsweep.result.TrialResult;
import org.normsweep.testing.SampleResults;
import org.normsweep.testing.SparkTestBase;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrialSpec;

/**
 * Each value lands in the column named for it: rows written, read back with plain Spark SQL, and compared column by
 * column with the field of the same name in the result they came from. Swapping two columns fails here.
 */
class RowsByNameTest extends SparkTestBase {
    @TempDir
    Path dir;

    @Test
    void everyChildTableColumnHoldsTheRecordFieldOfItsName() {
        TrialResult r = SampleResults.completed();
        new ResultWriter(spark(), dir.toString(), new ResultTables.RunContext("s", "run-1", "abc")).append(List.of(r));
        check("epochs", r.epochs());
        check("steps", r.steps());
        check("activations", r.activations());
        check("histograms", r.probes().histograms());
        check("class_accuracy", r.probes().classAccuracy());
        check("bn_params", r.probes().bnParams());
    }

    private void check(String table, List<? extends Record> records) {
        List<Row> rows = spark().read().parquet(dir.resolve(table).toString()).collectAsList();
        assertEquals(records.size(), rows.size(), table);
        for (int i = 0; i < records.size(); i++) {
            Record rec = records.get(i);
            Row row = rows.get(i); // one file, in write order
            for (RecordComponent c : rec.getClass().getRecordComponents()) {
                Object expected = value(c, rec);
                Object actual = row.get(row.fieldIndex(ResultTable.snake(c.getName())));
                if (expected instanceof double[] a) {
                    expected = Arrays.stream(a).boxed().toList();
                    actual = row.getList(row.fieldIndex(ResultTable.snake(c.getName())));
                }
                assertEquals(expected, actual, table + "." + c.getName() + " row " + i);
            }
            assertEquals("run-1", row.getAs("run_id"));
        }
    }

    @Test
    void everyTrialsColumnHoldsTheValueOfItsName() {
        TrialResult r = SampleResults.completed();
        new ResultWriter(spark(), dir.toString(), new ResultTables.RunContext("sw", "run-1", "abc")).append(List.of(r));
        Row row = spark().read().parquet(dir.resolve("trials").toString()).first();
        for (Setting<?> s : TrialSpec.SETTINGS) {
            if (s.column() != null) {
                Object v = s.columnValue(r.spec());
                assertEquals(
                        v,
                        v instanceof List<?> ? row.getList(row.fieldIndex(s.column())) : row.getAs(s.column()),
                        s.column());
            }
        }
        for (RecordComponent c : Provenance.class.getRecordComponents()) {
            assertEquals(value(c, r.provenance()), row.getAs(ResultTable.snake(c.getName())), c.getName());
        }
        assertEquals(r.finalTrainLoss(), (Double) row.getAs("final_train_loss"));
        assertEquals(r.finalTestAccuracy(), (Double) row.getAs("final_test_accuracy"));
        assertEquals(r.finalTestAccuracyTrainMode(), (Double) row.getAs("final_test_accuracy_train_mode"));
        assertEquals(r.epochsTrained(), (Integer) row.getAs("epochs_trained"));
        assertEquals(r.reportedEpoch(), (Integer) row.getAs("reported_epoch"));
        assertEquals(r.wallSeconds(), (Double) row.getAs("wall_seconds"));
        assertEquals(r.host(), row.getAs("executor_host"));
        assertEquals(
                r.startMillis(), row.getTimestamp(row.fieldIndex("started_at")).getTime());
        assertEquals(r.endMillis(), row.getTimestamp(row.fieldIndex("ended_at")).getTime());
        assertEquals(r.spec().bnLayersPresent(), (Integer) row.getAs("bn_layers"));
        assertEquals("sw", row.getAs("sweep"));
        assertEquals("abc", row.getAs("sweep_file_sha256"));
        assertEquals(r.spec().id(), row.getAs("trial_id"));
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
