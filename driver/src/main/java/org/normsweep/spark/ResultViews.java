package org.normsweep.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Registers each result table found under a results directory as a temporary view named after it. Driver-only. */
public final class ResultViews {
    private ResultViews() {
    }

    /** @return the tables registered */
    public static List<String> register(SparkSession spark, String resultsDir) {
        List<String> registered = new ArrayList<>();
        for (String table : ResultTables.ALL) {
            String path = ResultWriter.tablePath(resultsDir, table);
            if (exists(spark, path)) {
                spark.read().schema(ResultTables.schemaOf(table)).parquet(path).createOrReplaceTempView(table);
                registered.add(table);
            }
        }
        return registered;
    }

    private static boolean exists(SparkSession spark, String path) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot look at " + path + ": " + e.getMessage(), e);
        }
    }
}
