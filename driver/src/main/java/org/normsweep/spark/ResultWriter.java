package org.normsweep.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.normsweep.result.TrialResult;

/**
 * Appends trial results to the Parquet tables under a results directory (any Hadoop URI:
 * {@code file://}, {@code hdfs://}, {@code s3a://}), one folder per table. Driver-only.
 */
public final class ResultWriter {
    private final SparkSession spark;
    private final String resultsDir;
    private final ResultTables.RunContext run;

    public ResultWriter(SparkSession spark, String resultsDir, ResultTables.RunContext run) {
        this.spark = spark;
        this.resultsDir = resultsDir;
        this.run = run;
    }

    /** Appends the rows of {@code results} to every table; the {@code trials} rows go last. */
    public void append(List<TrialResult> results) {
        if (results.isEmpty()) {
            return;
        }
        for (String table : ResultTables.ALL) {
            List<Row> rows = new ArrayList<>();
            for (TrialResult r : results) {
                rows.addAll(ResultTables.rows(table, run, r));
            }
            if (rows.isEmpty()) {
                continue;
            }
            spark.createDataFrame(rows, ResultTables.schemaOf(table)).coalesce(1)
                    .write().mode(SaveMode.Append).parquet(tablePath(resultsDir, table));
        }
    }

    public static String tablePath(String resultsDir, String table) {
        return resultsDir.endsWith("/") ? resultsDir + table : resultsDir + "/" + table;
    }
}
