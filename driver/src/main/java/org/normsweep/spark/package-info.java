/**
 * Stages 5-6: the Spark application. Runs each trial as one Spark task, turns
 * {@link org.normsweep.result.TrialResult}s into rows of the result tables, appends them to Parquet,
 * and registers the tables as views for SQL. The only package that imports Spark.
 */
package org.normsweep.spark;
