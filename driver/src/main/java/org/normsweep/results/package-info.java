/**
 * Stage 6: the result store and its format. The result tables ({@link org.normsweep.results.ResultTables}),
 * Parquet files written without a Spark job (and merged when a run ends), the views and catalog statements that read them, resume and the
 * results directory's lock. Driver-only; knows nothing of how trials run. Imports: {@code java},
 * {@code org.apache.spark.sql}, {@code org.apache.hadoop}, {@code org.apache.parquet}, {@code org.slf4j}, {@code scala},
 * {@code org.normsweep.result}, {@code org.normsweep.trial}.
 */
package org.normsweep.results;
