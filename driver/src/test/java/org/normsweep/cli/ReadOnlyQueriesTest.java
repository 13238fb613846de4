package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.results.ResultTables;
import org.normsweep.results.ResultWriter;
import org.normsweep.testing.Cli;
import org.normsweep.testing.SampleResults;
import org.normsweep.testing.SparkTestBase;

/**
 * {@code sql} and {@code report --sql} run queries only: a statement that would write, create, drop, cache or change
 * the session exits 2 naming it, before anything runs, and the result files stay byte for byte as they were.
 */
class ReadOnlyQueriesTest extends SparkTestBase {
    private static final String REFUSAL =
            "only queries may run here (SELECT, WITH, EXPLAIN, SHOW, DESCRIBE); refused: ";

    @TempDir
    Path dir;

    Path results;
    String trials;
    Map<String, String> filesBefore;
    long rowsBefore;

    @BeforeEach
    void writeResults() throws IOException {
        results = dir.resolve("results");
        new ResultWriter(spark(), results.toString(), new ResultTables.RunContext("s", "r", "h"))
                .append(List.of(SampleResults.completed(), SampleResults.failed()));
        trials = ResultWriter.tablePath(results.toString(), ResultTables.TRIALS);
        filesBefore = files(results);
        rowsBefore = spark().read().parquet(trials).count();
        assertEquals(2, rowsBefore);
    }

    @AfterEach
    void resultsAreAsTheyWere() throws IOException {
        assertEquals(filesBefore, files(results));
        assertEquals(rowsBefore, spark().read().parquet(trials).count());
    }

    /** Every file under {@code root}: its size and modification time. */
    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

    private static Cli.Result refused(String prefix, String statementStart, String kind, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(2, r.exitCode(), r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(
                err.startsWith("normsweep: " + prefix + ": " + REFUSAL + statementStart)
                        && err.endsWith(" (" + kind + ")"),
                err);
        return r;
    }

    private void sqlRefused(String statement, String statementStart, String kind) {
        refused("sql", statementStart, kind, "sql", "--results", results.toString(), statement);
    }

    @Test
    void writesAndSessionChangesExitTwoNamingTheStatement() {
        // The issue's example: before, it replaced the trials table and exited 0.
        sqlRefused(
                "INSERT OVERWRITE DIRECTORY '" + trials + "' USING parquet SELECT 1 AS x",
                "INSERT OVERWRITE DIRECTORY ...",
                "InsertIntoDir");
        // A temporary view over a Parquet path takes inserts: this one would append to the trials files.
        sqlRefused("INSERT INTO trials_all SELECT * FROM trials_all", "INSERT INTO trials_all", "InsertIntoStatement");
        sqlRefused(
                "WITH t AS (SELECT * FROM trials_all) INSERT OVERWRITE TABLE trials_all SELECT * FROM t",
                "WITH t AS",
                "InsertIntoStatement");
        sqlRefused(
                "CREATE TABLE x USING parquet LOCATION '" + trials + "' AS SELECT 1 AS a",
                "CREATE TABLE x USING parquet LOCATION",
                "CreateTableAsSelect");
        sqlRefused(
                "CREATE OR REPLACE TEMP VIEW trials AS SELECT 1", "CREATE OR REPLACE TEMP VIEW", "CreateViewCommand");
        sqlRefused("DROP VIEW trials", "DROP VIEW trials", "DropView");
        sqlRefused("CACHE TABLE trials", "CACHE TABLE trials", "CacheTable");
        sqlRefused("SET spark.sql.shuffle.partitions=7", "SET spark.sql.shuffle.partitions=7", "SetCommand");
        sqlRefused("ADD JAR /tmp/none.jar", "ADD JAR", "AddJarsCommand");
        sqlRefused(
                "EXPLAIN INSERT INTO trials_all SELECT * FROM trials_all",
                "EXPLAIN INSERT INTO trials_all",
                "InsertIntoStatement");
        sqlRefused(
                "SELECT TRANSFORM(trial_id) USING 'touch " + results.resolve("transformed") + "' AS (x) FROM trials",
                "SELECT TRANSFORM(trial_id)",
                "ScriptTransformation");
    }

    @Test
    void twoStatementsInOneQueryDoNotRun() {
        Cli.Result r = Cli.run(
                "sql", "--results", results.toString(), "SELECT 1; INSERT INTO trials_all SELECT * FROM trials_all");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("normsweep: "), r.err());
    }

    @Test
    void aFileIsCheckedWholeBeforeItsFirstStatementRuns() throws IOException {
        Path file = Files.writeString(
                dir.resolve("mixed.sql"),
                """
                SELECT count(*) AS before_the_insert FROM trials;
                -- a comment line
                INSERT INTO trials_all
                  SELECT * FROM trials_all;
                """);
        Cli.Result r = refused(
                file.toString(),
                "INSERT INTO trials_all SELECT * FROM trials_all",
                "InsertIntoStatement",
                "sql",
                "-f",
                file.toString(),
                "--results",
                results.toString());
        assertFalse(r.out().contains("before_the_insert"), "the first statement did not run: " + r.out());
    }

    @Test
    void queriesExplainShowAndDescribeStillRun() throws IOException {
        Path file = Files.writeString(
                dir.resolve("reads.sql"),
                """
                SELECT count(*) AS finished_trials FROM trials;
                WITH t AS (SELECT trial_id FROM trials_all) SELECT count(*) AS all_attempts FROM t;
                EXPLAIN SELECT * FROM trials;
                SHOW TABLES;
                DESCRIBE trials;
                SELECT /*+ BROADCAST(t) */ count(*) AS hinted FROM trials t JOIN epochs e USING (run_id, trial_id);
                SELECT count(*) AS read_by_path FROM parquet.`%s`;
                """
                        .formatted(trials));
        Cli.Result r = Cli.run("sql", "-f", file.toString(), "--results", results.toString());
        assertEquals(0, r.exitCode(), r.err());
        for (String expected : List.of(
                "finished_trials",
                "all_attempts",
                "Physical Plan",
                "trials_all",
                "trial_id",
                "hinted",
                "read_by_path")) {
            assertTrue(r.out().contains(expected), expected + " in " + r.out());
        }
    }

    @Test
    void reportWithAWriteStatementExitsTwoAndWritesNoReport() throws IOException {
        Path extra = Files.writeString(
                dir.resolve("sneaky.sql"), "-- title: sneaky\nINSERT INTO trials_all SELECT * FROM trials_all\n");
        Path out = dir.resolve("report");
        refused(
                "sneaky.sql",
                "INSERT INTO trials_all SELECT * FROM trials_all",
                "InsertIntoStatement",
                "report",
                "--results",
                results.toString(),
                "--sql",
                extra.toString(),
                "--out",
                out.toString());
        assertFalse(Files.exists(out), "no report written");
    }

    @Test
    void reportOutInsideTheResultsIsRefused() {
        Cli.Result r = Cli.run("report", "--results", results.toString(), "--out", trials);
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(
                "normsweep: --out " + trials + " is inside the results directory " + results
                        + ": the report's files would land among the result tables (choose another --out)",
                r.err().strip());
    }
}
