package org.normsweep.results;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Which files of a result table a reader reads, and how. A table's folder holds the files runs wrote and, after
 * {@link ResultCompaction}, bigger files that each hold many of them: a compacted file names the files it replaces in
 * its footer ({@link #COMPACTED_FROM}) and appears before they are removed, so from that moment until compaction (or,
 * after a crash, the next run's) has removed them, both are in the folder; a reader here skips every file a compacted
 * file replaces and so sees each row exactly once at every moment. Every file's footer records the table's schema
 * version it was written at ({@link #SCHEMA_VERSION}; none: 1); a file of an older version is read with the column
 * names of its time, under the current ones ({@link ResultTable#renamed}). Driver-only.
 */
final class TableFiles {
    /** Footer key: the table's schema version the file was written at. */
    static final String SCHEMA_VERSION = "normsweep.schema_version";
    /** Footer key of a compacted file: the names of the files (in its folder) whose rows it holds, one a line. */
    static final String COMPACTED_FROM = "normsweep.compacted_from";
    /** How a compacted file's name starts. */
    static final String COMPACTED_PREFIX = "part-compacted-";

    private static final int LISTINGS = 20;

    private TableFiles() {}

    /**
     * A data file: its status; when its footer was read, its schema version, the files it replaces, its columns and
     * rows (else version 0, no columns, rows -1).
     */
    record DataFile(FileStatus status, int version, List<String> replaces, List<String> columns, long rows) {
        String name() {
            return status.getPath().getName();
        }

        boolean compacted() {
            return name().startsWith(COMPACTED_PREFIX);
        }
    }

    /** The files a reader reads now, and whether they are all the folder's visible files. */
    record Snapshot(List<DataFile> files, boolean whole) {}

    /** A new file's footer metadata for {@code table}: its schema version. */
    static Map<String, String> versionMetadata(ResultTable table) {
        return Map.of(SCHEMA_VERSION, String.valueOf(table.version()));
    }

    /** The folder's visible files (those every Parquet reader reads: names not starting with '.' or '_'), by name. */
    static List<FileStatus> visible(FileSystem fs, Path dir) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (s.isFile() && !n.startsWith(".") && !n.startsWith("_")) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(s -> s.getPath().getName()));
        return out;
    }

    /**
     * The files to read now: the visible ones less those a visible compacted file replaces. The folder is listed
     * again after the footers are read, until two listings agree, so a compaction that commits meanwhile is seen
     * whole or not at all. Footers are read where needed (compacted files; every file of a table with renames) or,
     * with {@code allFooters}, of every file; there an unreadable footer leaves the file undescribed (version 0).
     */
    static Snapshot current(Configuration conf, Path dir, ResultTable table, boolean allFooters) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        List<FileStatus> listed = visible(fs, dir);
        for (int attempt = 1; ; attempt++) {
            List<DataFile> files = null;
            try {
                files = describe(conf, listed, table, allFooters);
            } catch (FileNotFoundException e) {
                // A file went while its footer was read: the folder changed; list it again.
            }
            List<FileStatus> again = visible(fs, dir);
            if (files != null && names(again).equals(names(listed))) {
                Set<String> replaced = new HashSet<>();
                files.forEach(f -> replaced.addAll(f.replaces()));
                List<DataFile> read =
                        files.stream().filter(f -> !replaced.contains(f.name())).toList();
                return new Snapshot(read, read.size() == files.size());
            }
            if (attempt >= LISTINGS) {
                throw new IOException(dir + " changed in each of " + LISTINGS + " listings; try again");
            }
            listed = again;
        }
    }

    private static List<String> names(List<FileStatus> files) {
        return files.stream().map(s -> s.getPath().getName()).toList();
    }

    static List<DataFile> describe(Configuration conf, List<FileStatus> files, ResultTable table, boolean allFooters)
            throws IOException {
        List<DataFile> out = new ArrayList<>();
        for (FileStatus s : files) {
            boolean needed = s.getPath().getName().startsWith(COMPACTED_PREFIX)
                    || !table.renames().isEmpty();
            if (!needed && !allFooters) {
                out.add(new DataFile(s, 0, List.of(), List.of(), -1));
                continue;
            }
            try {
                out.add(footer(conf, s));
            } catch (FileNotFoundException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                if (!allFooters) {
                    throw new IOException("cannot read the footer of " + s.getPath() + ": " + e.getMessage(), e);
                }
                out.add(new DataFile(s, 0, List.of(), List.of(), -1));
            }
        }
        return out;
    }

    private static DataFile footer(Configuration conf, FileStatus s) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(s, conf))) {
            ParquetMetadata footer = reader.getFooter();
            Map<String, String> kv = footer.getFileMetaData().getKeyValueMetaData();
            String v = kv.get(SCHEMA_VERSION);
            String from = kv.get(COMPACTED_FROM);
            List<String> replaces = from == null || from.isEmpty() ? List.of() : List.of(from.split("\n"));
            List<String> columns = footer.getFileMetaData().getSchema().getFields().stream()
                    .map(Type::getName)
                    .toList();
            return new DataFile(
                    s, v == null ? 1 : Integer.parseInt(v.strip()), replaces, columns, reader.getRecordCount());
        } catch (NumberFormatException e) {
            throw new IOException(SCHEMA_VERSION + " of " + s.getPath() + " is not a number", e);
        }
    }

    /**
     * The rows of the table in folder {@code path} as a reader sees them now, in the table's current schema; null
     * when there is no such folder.
     */
    static Dataset<Row> read(SparkSession spark, ResultTable table, String path) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path dir = new Path(path);
        for (int attempt = 1; ; attempt++) {
            try {
                if (!dir.getFileSystem(conf).exists(dir)) {
                    return null;
                }
                Snapshot now = current(conf, dir, table, false);
                Dataset<Row> rows = read(spark, table, now.files(), now.whole() ? path : null);
                Set<String> inSpark = new HashSet<>();
                for (String f : rows.inputFiles()) {
                    inSpark.add(new Path(f).getName());
                }
                if (inSpark.equals(
                        new HashSet<>(now.files().stream().map(DataFile::name).toList()))) {
                    return rows;
                }
                // Spark listed the folder itself and found another set of files: a compaction happened between.
            } catch (Exception e) {
                // A file that went between the listing and Spark's own: list again. Anything else goes up as it is.
                boolean gone = e instanceof FileNotFoundException
                        || String.valueOf(e.getMessage()).contains("PATH_NOT_FOUND");
                if (!gone && e instanceof IOException io) {
                    throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), io);
                } else if (!gone) {
                    throw TableFiles.<RuntimeException>unchecked(e);
                }
            }
            if (attempt >= LISTINGS) {
                throw new IllegalStateException(path + " changed in each of " + LISTINGS + " reads; try again");
            }
        }
    }

    /** Throws {@code e} as it is (Spark's AnalysisException is a checked exception to Java). */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E unchecked(Exception e) throws E {
        throw (E) e;
    }

    /**
     * The rows of {@code files} in the table's current schema: each schema version's files read with the names of
     * their version, then renamed. {@code dir}: read that folder (all its files) instead of naming them, or null.
     */
    static Dataset<Row> read(SparkSession spark, ResultTable table, List<DataFile> files, String dir) {
        Map<Integer, List<String>> byVersion = new TreeMap<>();
        for (DataFile f : files) {
            int v = f.version() == 0 ? table.version() : f.version();
            byVersion
                    .computeIfAbsent(v, k -> new ArrayList<>())
                    .add(f.status().getPath().toString());
        }
        if (byVersion.isEmpty()) {
            return spark.createDataFrame(List.of(), table.schema());
        }
        if (dir != null && byVersion.size() == 1 && byVersion.containsKey(table.version())) {
            return spark.read().schema(table.schema()).parquet(dir);
        }
        Dataset<Row> all = null;
        String[] names = table.schema().fieldNames();
        for (Map.Entry<Integer, List<String>> e : byVersion.entrySet()) {
            Dataset<Row> part = spark.read()
                    .schema(table.schemaAt(e.getKey()))
                    .parquet(e.getValue().toArray(String[]::new))
                    .toDF(names);
            all = all == null ? part : all.union(part);
        }
        return all;
    }
}
