package org.normsweep.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.normsweep.result.TrialResult;

/**
 * Appends trial results to the Parquet tables under a results directory (any Hadoop URI:
 * {@code file://}, {@code hdfs://}, {@code s3a://}), one folder per table and one file per table per
 * flush. Each file is written under a hidden name (which readers skip) and then renamed into place;
 * the {@code trials} file goes last, so a trial's row there means its other rows are in. Driver-only.
 */
public final class ResultWriter {
    private final Configuration conf;
    private final String resultsDir;
    private final ResultTables.RunContext run;
    private int flushes;

    public ResultWriter(SparkSession spark, String resultsDir, ResultTables.RunContext run) {
        this.conf = spark.sparkContext().hadoopConfiguration();
        this.resultsDir = resultsDir;
        this.run = run;
    }

    /** Appends the rows of {@code results} to every table; the {@code trials} rows go last. */
    public void append(List<TrialResult> results) {
        if (results.isEmpty()) {
            return;
        }
        flushes++;
        for (ResultTable table : ResultTables.ALL) {
            if (!table.perTrial()) {
                continue;
            }
            List<Row> rows = new ArrayList<>();
            for (TrialResult r : results) {
                rows.addAll(table.rows(run, r));
            }
            if (!rows.isEmpty()) {
                writeFile(table, rows);
            }
        }
    }

    /** Records the trials this run's sweep asked for (before any runs), so views by sweep find reused results too. */
    public void appendPlan(List<String> trialIds) {
        List<Row> rows = ResultTables.PLANS.rowsOf(run, null, trialIds);
        if (!rows.isEmpty()) {
            flushes++;
            writeFile(ResultTables.PLANS, rows);
        }
    }

    private void writeFile(ResultTable table, List<Row> rows) {
        org.apache.spark.sql.types.StructType schema = table.schema();
        Path dir = new Path(tablePath(resultsDir, table));
        String name = String.format(
                "part-%s-%05d-%s.snappy.parquet",
                run.runId(), flushes, UUID.randomUUID().toString().substring(0, 8));
        Path hidden = new Path(dir, "." + name + ".inprogress");
        try {
            FileSystem fs = dir.getFileSystem(conf);
            fs.mkdirs(dir);
            ParquetRowFiles.write(conf, hidden, schema, rows.iterator(), TableFiles.versionMetadata(table));
            if (!fs.rename(hidden, new Path(dir, name))) {
                throw new IOException("could not rename " + hidden + " to " + name);
            }
        } catch (IOException | org.apache.hadoop.fs.FSError e) {
            // A full disk reaches here as Hadoop's FSError (an Error) from the local file system. The hidden file
            // is no result (readers skip it); removing it gives back its space. Files written before stay.
            IOException cause = e instanceof IOException io ? io : new IOException(e.getMessage(), e.getCause());
            try {
                dir.getFileSystem(conf).delete(hidden, false);
            } catch (IOException | RuntimeException ignored) {
                // Best effort: the fault below is the news.
            }
            throw new UncheckedIOException("cannot write results to " + dir + ": " + cause.getMessage(), cause);
        }
    }

    /** Where {@code table}'s folder is under {@code resultsDir}. */
    public static String tablePath(String resultsDir, ResultTable table) {
        return resultsDir.endsWith("/") ? resultsDir + table.name() : resultsDir + "/" + table.name();
    }
}
