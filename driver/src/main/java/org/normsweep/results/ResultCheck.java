package org.normsweep.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Checks a results directory without writing to it: every Parquet file of every table read to its last row, rows of
 * per-trial tables whose attempt (run, trial) has no {@code trials} row, and rows the views would show twice. Reads
 * the readable files only, so it works where a query over the whole table fails. {@link Quarantine} moves what it
 * finds aside. Driver-only.
 */
public final class ResultCheck {
    /** A file that cannot be read to its end; {@code reason} is the error's first line. */
    public record Unreadable(String table, Path file, String reason) {}

    /** Rows of {@code table} whose attempt has no {@code trials} row, in {@code file} ({@code all}: every row there). */
    public record Orphans(String table, Path file, long rows, boolean all) {}

    /** Rows {@code table}'s view shows {@code extra} times more than once; the files they are in. */
    public record Duplicates(String table, long extra, List<String> files) {}

    /** What a check found, over {@code files} files of {@code tables} tables. */
    public record Findings(
            int tables,
            int files,
            long rows,
            List<Unreadable> unreadable,
            List<Orphans> orphans,
            List<Duplicates> duplicates,
            boolean locked) {
        public boolean clean() {
            return unreadable.isEmpty() && orphans.isEmpty() && duplicates.isEmpty();
        }
    }

    private ResultCheck() {}

    /** Checks the tables under {@code resultsDir}. */
    public static Findings check(SparkSession spark, String resultsDir) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<Unreadable> unreadable = new ArrayList<>();
        Map<ResultTable, List<String>> readable = new LinkedHashMap<>();
        int files = 0;
        long rows = 0;
        boolean locked;
        try {
            Path root = new Path(resultsDir);
            FileSystem fs = root.getFileSystem(conf);
            locked = fs.exists(new Path(root, RunLock.FILE));
            for (ResultTable table : ResultTables.ALL) {
                Path dir = new Path(ResultWriter.tablePath(resultsDir, table));
                if (!fs.exists(dir)) {
                    continue;
                }
                List<String> ok = new ArrayList<>();
                for (FileStatus f : fs.listStatus(dir)) {
                    String name = f.getPath().getName();
                    if (!f.isFile() || name.startsWith(".") || name.startsWith("_")) {
                        continue; // hidden: a write in progress, a checksum; Spark skips these too
                    }
                    files++;
                    try {
                        rows += readAll(conf, f.getPath());
                        ok.add(f.getPath().toString());
                    } catch (Exception | LinkageError e) {
                        unreadable.add(new Unreadable(table.name(), f.getPath(), firstLine(e)));
                    }
                }
                readable.put(table, ok);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the results under " + resultsDir + ": " + e.getMessage(), e);
        }
        register(spark, readable);
        boolean trials = readable.containsKey(ResultTables.TRIALS);
        List<Orphans> orphans = trials ? orphans(spark, readable) : List.of();
        List<Duplicates> duplicates = trials ? duplicates(spark, readable) : List.of();
        return new Findings(readable.size(), files, rows, unreadable, orphans, duplicates, locked);
    }

    /** Reads every row of {@code file} (decoding every value); returns the row count. */
    static long readAll(Configuration conf, Path file) throws IOException {
        long n = 0;
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file)
                .withConf(conf)
                .build()) {
            while (reader.read() != null) {
                n++;
            }
        }
        return n;
    }

    /** {@code <table>_all} over the readable files, and the one-attempt views over them as {@link ResultViews}'s. */
    private static void register(SparkSession spark, Map<ResultTable, List<String>> readable) {
        readable.forEach((table, files) -> {
            Dataset<Row> all = files.isEmpty()
                    ? spark.createDataFrame(List.of(), table.schema())
                    : spark.read().schema(table.schema()).parquet(files.toArray(String[]::new));
            all.createOrReplaceTempView(table.name() + "_all");
        });
        if (readable.containsKey(ResultTables.TRIALS)) {
            spark.sql(String.format(ResultViews.LATEST_ATTEMPT, ""))
                    .drop("attempt_rank")
                    .createOrReplaceTempView("trials");
        }
    }

    private static List<Orphans> orphans(SparkSession spark, Map<ResultTable, List<String>> readable) {
        List<Orphans> out = new ArrayList<>();
        for (ResultTable table : readable.keySet()) {
            if (!table.perTrial() || table == ResultTables.TRIALS) {
                continue;
            }
            String query = String.format(
                    """
                    SELECT c.file, count(*) AS n, count_if(t.trial_id IS NULL) AS orphans
                    FROM (SELECT run_id, trial_id, input_file_name() AS file FROM %s_all) c
                    LEFT JOIN (SELECT DISTINCT run_id, trial_id FROM trials_all) t
                      ON c.run_id = t.run_id AND c.trial_id = t.trial_id
                    GROUP BY c.file HAVING count_if(t.trial_id IS NULL) > 0 ORDER BY c.file""",
                    table.name());
            for (Row r : spark.sql(query).collectAsList()) {
                out.add(new Orphans(
                        table.name(), new Path(r.getString(0)), r.getLong(2), r.getLong(1) == r.getLong(2)));
            }
        }
        return out;
    }

    private static List<Duplicates> duplicates(SparkSession spark, Map<ResultTable, List<String>> readable) {
        List<Duplicates> out = new ArrayList<>();
        for (ResultTable table : readable.keySet()) {
            if (!table.perTrial()) {
                continue;
            }
            // trials: an attempt (run, trial) recorded twice; other tables: a row of a shown attempt twice.
            String columns = table == ResultTables.TRIALS
                    ? "run_id, trial_id"
                    : String.join(", ", List.of(table.schema().fieldNames()));
            String rows = table == ResultTables.TRIALS
                    ? "SELECT *, input_file_name() AS file FROM trials_all"
                    : String.format(
                            "SELECT c.* FROM (SELECT *, input_file_name() AS file FROM %s_all) c"
                                    + " LEFT SEMI JOIN trials t ON c.run_id = t.run_id AND c.trial_id = t.trial_id",
                            table.name());
            Row r = spark.sql(String.format(
                            "SELECT coalesce(sum(n - 1), 0), flatten(collect_list(files)) FROM"
                                    + " (SELECT count(*) AS n, collect_set(file) AS files FROM (%s) GROUP BY %s"
                                    + " HAVING count(*) > 1)",
                            rows, columns))
                    .first();
            long extra = r.getLong(0);
            if (extra > 0) {
                List<String> files = r.getList(1).stream()
                        .map(Object::toString)
                        .distinct()
                        .sorted()
                        .toList();
                out.add(new Duplicates(table.name(), extra, files));
            }
        }
        return out;
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e == root ? String.valueOf(e.getMessage()) : e.getMessage() + "; " + root.getMessage();
        String line = message.lines().findFirst().orElse("").strip();
        return e.getClass().getSimpleName() + ": " + (line.length() > 200 ? line.substring(0, 197) + "..." : line);
    }
}
