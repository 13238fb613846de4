package org.normsweep.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.normsweep.results.ParquetRowFiles;
import org.normsweep.results.ResultTable;
import org.normsweep.results.ResultTables;
import org.normsweep.spark.SparkSessions;

/**
 * Makes a results directory with a long history for the history benchmark ({@code bench/history.sh}): one run's
 * result files copied N times, each copy with a run id of its own one day later (and its timestamps moved with it),
 * file for file as N nightly runs of the same sweep would have written them. Not used by any command.
 */
public final class HistoryFixture {
    private static final DateTimeFormatter RUN_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final long DAY_MS = 86_400_000L;

    private HistoryFixture() {}

    /** Arguments: the one run's results directory, the directory to write, the number of copies. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: HistoryFixture ONE_RUN_RESULTS OUT_RESULTS COPIES");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int copies = Integer.parseInt(args[2]);
        SparkSession spark = SparkSessions.create("local[2]", "normsweep history fixture");
        try {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> writes = new ArrayList<>();
            for (ResultTable table : ResultTables.ALL) {
                Path dir = source.resolve(table.name());
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                List<Path> files;
                try (Stream<Path> s = Files.list(dir)) {
                    files = s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                            .sorted()
                            .toList();
                }
                for (int f = 0; f < files.size(); f++) {
                    List<Row> rows = spark.read()
                            .schema(table.schema())
                            .parquet(files.get(f).toString())
                            .collectAsList();
                    int flush = f + 1;
                    for (int i = 0; i < copies; i++) {
                        int copy = i;
                        writes.add(pool.submit(() -> {
                            write(conf, out, table, rows, copy, flush);
                            return null;
                        }));
                    }
                }
            }
            for (Future<?> w : writes) {
                w.get();
            }
            pool.shutdown();
            System.out.println("wrote " + writes.size() + " files of " + copies + " runs under " + out);
        } finally {
            spark.stop();
        }
    }

    private static void write(Configuration conf, Path out, ResultTable table, List<Row> rows, int copy, int flush)
            throws java.io.IOException {
        StructType schema = table.schema();
        int runIdField = schema.fieldIndex("run_id");
        String runId = null;
        List<Row> copied = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Object[] values = new Object[row.length()];
            for (int c = 0; c < values.length; c++) {
                Object v = row.get(c);
                if (v instanceof Timestamp ts) {
                    v = new Timestamp(ts.getTime() + copy * DAY_MS);
                }
                values[c] = v;
            }
            String original = row.getString(runIdField);
            runId = runId(original, copy);
            values[runIdField] = runId;
            copied.add(RowFactory.create(values));
        }
        if (runId == null || !schema.fields()[runIdField].dataType().equals(DataTypes.StringType)) {
            return;
        }
        String name = String.format("part-%s-%05d-%08x.snappy.parquet", runId, flush, copy);
        ParquetRowFiles.write(
                conf, new org.apache.hadoop.fs.Path(out.resolve(table.name()).toString(), name), schema, copied);
    }

    /** The original run id moved {@code copy} days on, with a suffix of its own. */
    static String runId(String original, int copy) {
        Instant start = RUN_TIME.parse(original.substring(0, 16), Instant::from);
        return RUN_TIME.format(start.plusMillis(copy * DAY_MS)) + String.format("-%04x", copy & 0xffff);
    }
}
