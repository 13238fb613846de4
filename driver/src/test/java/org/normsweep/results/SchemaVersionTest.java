package org.normsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.results.ResultTable.Column;
import org.normsweep.testing.SparkTestBase;

/**
 * A column renamed in a later schema version: files written before it keep the old name, and the views (and
 * compaction) read their values under the new one instead of as nulls.
 */
class SchemaVersionTest extends SparkTestBase {
    @TempDir
    Path dir;

    private static final ResultTable V1 =
            ResultTable.ofRun("t", List.of(Column.of("run_id", "string", s -> null), Column.of("a", "int", s -> null)));
    private static final ResultTable V2 = ResultTable.ofRun(
                    "t", List.of(Column.of("run_id", "string", s -> null), Column.of("b", "int", s -> null)))
            .renamed(2, "a", "b");

    private void write(ResultTable table, String file, Row... rows) throws Exception {
        Configuration conf = spark().sparkContext().hadoopConfiguration();
        ParquetRowFiles.write(
                conf,
                new org.apache.hadoop.fs.Path(dir.resolve("t").resolve(file).toString()),
                table.schema(),
                List.of(rows).iterator(),
                TableFiles.versionMetadata(table));
    }

    private List<Row> read() {
        return TableFiles.read(spark(), V2, dir.resolve("t").toString())
                .orderBy("run_id")
                .collectAsList();
    }

    @Test
    void oldRowsReadUnderTheNewNameWithTheirValues() throws Exception {
        write(V1, "part-r1.parquet", RowFactory.create("r1", 7), RowFactory.create("r1", 8));
        write(V2, "part-r2.parquet", RowFactory.create("r2", 9));

        assertEquals(2, V2.version());
        assertEquals("a", V2.nameAt("b", 1));
        assertEquals("b", V2.nameAt("b", 2));
        assertEquals(
                List.of(RowFactory.create("r1", 7), RowFactory.create("r1", 8), RowFactory.create("r2", 9)), read());
        // What a reader that ignores the versions sees: the old rows' values as nulls (what this guards against).
        List<Row> plain = spark().read()
                .schema(V2.schema())
                .parquet(dir.resolve("t").toString())
                .where("run_id = 'r1'")
                .collectAsList();
        assertEquals(2, plain.size());
        assertNull(plain.get(0).get(1));
    }

    @Test
    void compactionWritesOldRowsAtTheCurrentVersion() throws Exception {
        write(V1, "part-r1.parquet", RowFactory.create("r1", 7));
        write(V2, "part-r2.parquet", RowFactory.create("r2", 9));

        assertEquals(
                2, ResultCompaction.compactTable(spark(), V2, dir.resolve("t").toString(), 2));

        List<Path> files;
        try (var s = Files.list(dir.resolve("t"))) {
            files = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
        assertEquals(1, files.size(), files.toString());
        assertEquals(List.of(RowFactory.create("r1", 7), RowFactory.create("r2", 9)), read());
        // Plain Parquet readers now see the old row under the new name too.
        assertEquals(
                List.of(RowFactory.create("r1", 7), RowFactory.create("r2", 9)),
                spark().read()
                        .parquet(files.get(0).toString())
                        .orderBy("run_id")
                        .collectAsList());
        assertEquals("2", footer(files.get(0)).get(TableFiles.SCHEMA_VERSION));
    }

    @Test
    void aRenameMustRaiseTheVersionAndNameAColumn() {
        assertThrows(IllegalArgumentException.class, () -> V2.renamed(2, "x", "b"));
        assertThrows(IllegalArgumentException.class, () -> V2.renamed(3, "b", "c"));
        assertEquals(1, ResultTables.TRIALS.version());
    }

    static Map<String, String> footer(Path file) throws Exception {
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                        new org.apache.hadoop.fs.Path(file.toString()), new Configuration()))) {
            return reader.getFooter().getFileMetaData().getKeyValueMetaData();
        }
    }
}
