package org.normsweep.results;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Which trials a results directory already holds a result for, so a re-run resumes instead of starting
 * over: COMPLETED trials always count; DIVERGED ones count unless they are to be retried. Driver-only.
 */
public final class FinishedTrials {
    private FinishedTrials() {}

    public static Set<String> ids(SparkSession spark, String resultsDir, boolean retryDiverged) {
        String path = ResultWriter.tablePath(resultsDir, ResultTables.TRIALS);
        if (!ResultViews.exists(spark, path)) {
            return Set.of();
        }
        String statuses = retryDiverged ? "'COMPLETED'" : "'COMPLETED', 'DIVERGED'";
        List<Row> rows = spark.read()
                .schema(ResultTables.TRIALS.schema())
                .parquet(path)
                .where("status IN (" + statuses + ")")
                .select("trial_id")
                .distinct()
                .collectAsList();
        Set<String> ids = new HashSet<>();
        rows.forEach(r -> ids.add(r.getString(0)));
        return ids;
    }
}
