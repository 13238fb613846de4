package org.normsweep.results;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.normsweep.results.TableFiles.DataFile;

/**
 * Keeps a long history cheap to read: at the end of a run, under its lock, each table whose folder holds at least
 * {@link #AT_FILES} small files (under {@link #SMALL_BYTES}) has them merged into one file, rows sorted by run and
 * trial, at the table's current schema version (older files' columns under their new names). Steps, each safe to stop
 * after: the merged file is written under a hidden name, checked to hold every row, renamed into place (from here a
 * reader in this package reads it instead of the files it replaces, {@link TableFiles}), then the files it replaces
 * are deleted. A run that stopped in between is finished by the next run's compaction. Files this build cannot fully
 * read (a newer schema version, a column it does not know, an unreadable footer) are left as they are. Driver-only.
 */
public final class ResultCompaction {
    /** Files at least this big are not merged again. */
    static final long SMALL_BYTES = 64L << 20;
    /** Small files a table's folder may hold before they are merged. */
    static final int AT_FILES = 16;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private ResultCompaction() {}

    /** What a compaction did: files merged and the files they became, over all tables. */
    public record Outcome(int merged, int into) {}

    /** Compacts every table under {@code resultsDir} that needs it; the caller holds the results lock. */
    public static Outcome compact(SparkSession spark, String resultsDir) throws IOException {
        return compact(spark, resultsDir, AT_FILES);
    }

    static Outcome compact(SparkSession spark, String resultsDir, int atFiles) throws IOException {
        int merged = 0;
        int into = 0;
        for (ResultTable table : ResultTables.ALL) {
            int n = compactTable(spark, table, ResultWriter.tablePath(resultsDir, table), atFiles);
            if (n > 0) {
                merged += n;
                into++;
            }
        }
        return new Outcome(merged, into);
    }

    /** @return the number of files merged (0 when the table did not need it) */
    static int compactTable(SparkSession spark, ResultTable table, String path, int atFiles) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path dir = new Path(path);
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) {
            return 0;
        }
        finishEarlier(fs, conf, dir, table);
        Set<String> known = new HashSet<>(List.of(table.schema().fieldNames()));
        table.renames().forEach(r -> known.add(r.from()));
        List<DataFile> small = new ArrayList<>();
        for (DataFile f : TableFiles.current(conf, dir, table, true).files()) {
            if (f.status().getLen() < SMALL_BYTES
                    && f.version() >= 1
                    && f.version() <= table.version()
                    && known.containsAll(f.columns())) {
                small.add(f);
            }
        }
        if (small.size() < atFiles) {
            return 0;
        }
        long expected = small.stream().mapToLong(DataFile::rows).sum();
        String name = TableFiles.COMPACTED_PREFIX
                + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "-"
                + UUID.randomUUID().toString().substring(0, 8) + ".snappy.parquet";
        Path hidden = new Path(dir, "." + name + ".inprogress");
        Map<String, String> metadata = new HashMap<>(TableFiles.versionMetadata(table));
        metadata.put(
                TableFiles.COMPACTED_FROM,
                String.join("\n", small.stream().map(DataFile::name).toList()));
        Dataset<Row> rows = TableFiles.read(spark, table, small, null);
        List<String> order = new ArrayList<>();
        for (String c : List.of("run_id", "trial_id")) {
            if (known.contains(c)) {
                order.add(c);
            }
        }
        // One partition, sorted: the driver streams it in one job (a global sort would be a job per partition).
        rows = rows.repartition(1);
        if (!order.isEmpty()) {
            rows = rows.sortWithinPartitions(
                    order.get(0), order.subList(1, order.size()).toArray(String[]::new));
        }
        long written;
        try {
            written = ParquetRowFiles.write(conf, hidden, table.schema(), rows.toLocalIterator(), metadata);
        } catch (IOException | RuntimeException e) {
            fs.delete(hidden, false);
            throw e;
        }
        long back = readBack(conf, fs, hidden);
        if (written != expected || back != expected) {
            fs.delete(hidden, false);
            throw new IOException("merging " + small.size() + " files of " + dir + " gave " + written + " rows (" + back
                    + " read back), not " + expected + "; left them as they were");
        }
        if (!fs.rename(hidden, new Path(dir, name))) {
            fs.delete(hidden, false);
            throw new IOException("could not rename " + hidden + " to " + name);
        }
        for (DataFile f : small) {
            fs.delete(f.status().getPath(), false);
        }
        return small.size();
    }

    private static long readBack(Configuration conf, FileSystem fs, Path file) throws IOException {
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromStatus(fs.getFileStatus(file), conf))) {
            return reader.getRecordCount();
        }
    }

    /**
     * Finishes what a compaction that stopped left: deletes its hidden half-written file, and the files a compacted
     * file in place replaces.
     */
    private static void finishEarlier(FileSystem fs, Configuration conf, Path dir, ResultTable table)
            throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (n.startsWith("." + TableFiles.COMPACTED_PREFIX) && n.endsWith(".inprogress")) {
                fs.delete(s.getPath(), false);
            }
        }
        List<FileStatus> visible = TableFiles.visible(fs, dir);
        Set<String> replaced = new HashSet<>();
        for (DataFile f : TableFiles.describe(conf, visible, table, false)) {
            replaced.addAll(f.replaces());
        }
        for (FileStatus s : visible) {
            if (replaced.contains(s.getPath().getName())) {
                fs.delete(s.getPath(), false);
            }
        }
    }
}
