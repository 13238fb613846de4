package org.normsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.testing.SampleResults;
import org.normsweep.testing.SparkTestBase;

/**
 * Every kind of statement that writes, creates, drops, caches or changes the session is refused on its parsed plan,
 * naming its kind; queries of every shape pass the check and run.
 */
class ReadOnlySqlTest extends SparkTestBase {
    private static final String REFUSAL =
            "only queries may run here (SELECT, WITH, EXPLAIN, SHOW, DESCRIBE); refused: ";

    @TempDir
    Path dir;

    /** Statement and the kind its refusal names. */
    private static Map<String, String> refused() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("INSERT OVERWRITE DIRECTORY '/tmp/ro' USING parquet SELECT 1 AS x", "InsertIntoDir");
        m.put("INSERT INTO trials_all SELECT * FROM trials_all", "InsertIntoStatement");
        m.put("INSERT OVERWRITE TABLE trials_all SELECT * FROM trials_all", "InsertIntoStatement");
        m.put("WITH t AS (SELECT * FROM trials_all) INSERT INTO trials_all SELECT * FROM t", "InsertIntoStatement");
        m.put("FROM trials_all INSERT INTO trials_all SELECT *", "InsertIntoStatement");
        m.put("CREATE TABLE x USING parquet LOCATION '/tmp/ro' AS SELECT 1 AS a", "CreateTableAsSelect");
        m.put("CREATE TABLE x (a INT) USING parquet", "CreateTable");
        m.put("REPLACE TABLE x USING parquet AS SELECT 1 AS a", "ReplaceTableAsSelect");
        m.put("CREATE TEMPORARY VIEW v AS SELECT 1", "CreateViewCommand");
        m.put("CREATE OR REPLACE TEMP VIEW trials AS SELECT 1 AS trial_id", "CreateViewCommand");
        m.put("CREATE VIEW v AS SELECT 1", "CreateView");
        m.put("CREATE TEMPORARY VIEW p USING parquet OPTIONS (path '/tmp/ro')", "CreateTempViewUsing");
        m.put("DROP TABLE trials_all", "DropTable");
        m.put("DROP VIEW trials", "DropView");
        m.put("TRUNCATE TABLE trials_all", "TruncateTable");
        m.put("ALTER TABLE trials_all RENAME TO t2", "RenameTable");
        m.put("ALTER TABLE trials_all SET TBLPROPERTIES ('a' = 'b')", "SetTableProperties");
        m.put("MSCK REPAIR TABLE trials_all", "RepairTable");
        m.put("REFRESH TABLE trials", "RefreshTable");
        m.put("REFRESH '/tmp/ro'", "RefreshResource");
        m.put("LOAD DATA LOCAL INPATH '/tmp/ro' INTO TABLE trials_all", "LoadData");
        m.put("DELETE FROM trials_all WHERE true", "DeleteFromTable");
        m.put("UPDATE trials_all SET status = 'X'", "UpdateTable");
        m.put(
                "MERGE INTO trials_all t USING trials_all s ON t.trial_id = s.trial_id WHEN MATCHED THEN DELETE",
                "MergeIntoTable");
        m.put("ANALYZE TABLE trials_all COMPUTE STATISTICS", "AnalyzeTable");
        m.put("CACHE TABLE trials", "CacheTable");
        m.put("CACHE LAZY TABLE c AS SELECT * FROM trials", "CacheTableAsSelect");
        m.put("UNCACHE TABLE trials", "UncacheTable");
        m.put("CLEAR CACHE", "ClearCacheCommand");
        m.put("SET spark.sql.shuffle.partitions = 3", "SetCommand");
        m.put("SET", "SetCommand");
        m.put("RESET", "ResetCommand");
        m.put("USE other", "SetCatalogAndNamespace");
        m.put("ADD JAR /tmp/ro.jar", "AddJarsCommand");
        m.put("CREATE TEMPORARY FUNCTION f AS 'org.example.F'", "CreateFunctionCommand");
        m.put("DECLARE VARIABLE v INT DEFAULT 1", "CreateVariable");
        m.put("SET VAR v = 2", "SetVariable");
        m.put("EXPLAIN INSERT INTO trials_all SELECT * FROM trials_all", "InsertIntoStatement");
        m.put("EXPLAIN CACHE TABLE trials", "CacheTable");
        m.put("DESCRIBE QUERY SELECT java_method('java.lang.System', 'clearProperty', 'x')", "function java_method");
        m.put("EXECUTE IMMEDIATE 'SELECT 1'", "UnresolvedExecuteImmediate");
        m.put("SELECT TRANSFORM(trial_id) USING 'cat' AS (x) FROM trials", "ScriptTransformation");
        m.put("SELECT java_method('java.lang.System', 'clearProperty', 'normsweep.ro')", "function java_method");
        m.put(
                "SELECT * FROM trials WHERE trial_id IN (SELECT reflect('java.lang.System', 'getenv', 'HOME'))",
                "function reflect");
        m.put(
                "WITH t AS (SELECT try_reflect('java.lang.Thread', 'dumpStack')) SELECT * FROM t",
                "function try_reflect");
        return m;
    }

    @Test
    void everyKindOfWriteOrSessionChangeIsRefusedNamingItsKind() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> c : refused().entrySet()) {
            ReadOnlySql.Refused e =
                    assertThrows(ReadOnlySql.Refused.class, () -> ReadOnlySql.check(spark(), c.getKey()), c.getKey());
            String expected = REFUSAL + ReadOnlySql.abbreviate(c.getKey()) + " (" + c.getValue() + ")";
            if (!e.getMessage().equals(expected)) {
                wrong.add(e.getMessage());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void queriesOfEveryShapePassAndRun() {
        String results = dir.resolve("results").toString();
        new ResultWriter(spark(), results, new ResultTables.RunContext("s", "r", "h"))
                .append(List.of(SampleResults.completed(), SampleResults.failed()));
        ResultViews.register(spark(), results);
        String trialsPath = ResultWriter.tablePath(results, ResultTables.TRIALS);
        List<String> queries = List.of(
                "SELECT count(*) FROM trials",
                "SELECT count(*) FROM trials;",
                "WITH t AS (SELECT trial_id FROM trials) SELECT count(*) FROM t",
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
                "EXPLAIN SELECT * FROM trials",
                "EXPLAIN EXTENDED WITH t AS (SELECT 1 AS a) SELECT * FROM t",
                "EXPLAIN FORMATTED SELECT status, count(*) FROM trials GROUP BY status",
                "SHOW TABLES",
                "SHOW VIEWS",
                "SHOW COLUMNS IN trials",
                "SHOW FUNCTIONS LIKE 'avg'",
                "DESCRIBE trials",
                "DESCRIBE TABLE EXTENDED trials",
                "DESCRIBE trials trial_id",
                "DESCRIBE QUERY SELECT trial_id FROM trials",
                "DESCRIBE FUNCTION avg",
                "SELECT /*+ BROADCAST(t) */ t.trial_id FROM trials t JOIN epochs e USING (run_id, trial_id)",
                "SELECT /*+ REPARTITION(2) */ * FROM trials",
                "SELECT count(*) FROM parquet.`" + trialsPath + "`",
                "VALUES (1, 'a'), (2, 'b')",
                "TABLE trials",
                "FROM trials SELECT trial_id",
                "SELECT status, count(*) FROM trials GROUP BY status HAVING count(*) > 0 ORDER BY 1 LIMIT 5 OFFSET 0",
                "SELECT trial_id, row_number() OVER w AS n FROM trials_all WINDOW w AS (ORDER BY trial_id)",
                "SELECT * FROM (SELECT status, trial_id FROM trials_all) PIVOT (count(trial_id) FOR status IN"
                        + " ('COMPLETED', 'FAILED'))",
                "SELECT * FROM (SELECT 1 AS a, 2 AS b) UNPIVOT (v FOR k IN (a, b))",
                "SELECT x FROM range(3) LATERAL VIEW explode(array(1, 2)) t AS x",
                "SELECT * FROM trials_all TABLESAMPLE (50 PERCENT)",
                "SELECT trial_id FROM trials UNION SELECT trial_id FROM trials_all EXCEPT SELECT 'x'"
                        + " INTERSECT SELECT trial_id FROM trials",
                "SELECT * FROM trials DISTRIBUTE BY trial_id SORT BY trial_id",
                "SELECT * FROM trials CLUSTER BY trial_id",
                "SELECT (SELECT max(epoch) FROM epochs) AS m, EXISTS (SELECT 1 FROM steps) AS s",
                "SELECT * FROM trials, LATERAL (SELECT trials.trial_id AS t)",
                "SELECT id FROM range(5) QUALIFY row_number() OVER (ORDER BY id) = 1",
                "FROM trials_all |> WHERE status = 'COMPLETED' |> AGGREGATE count(*) AS n",
                "SELECT transform(array(1, 2), x -> x + 1), explode(array(1))",
                "SELECT * FROM trials_all WHERE trial_id IN (SELECT trial_id FROM trials) ORDER BY trial_id");
        List<String> failed = new ArrayList<>();
        for (String q : queries) {
            try {
                ReadOnlySql.check(spark(), q);
                spark().sql(q).collectAsList();
            } catch (Exception e) {
                failed.add(q + " -> " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        assertEquals(List.of(), failed);
    }

    @Test
    void theRefusalNamesTheStatementOnOneShortLine() {
        assertEquals(
                "INSERT OVERWRITE DIRECTORY 'results/trials' USING parquet ...",
                ReadOnlySql.abbreviate("INSERT OVERWRITE DIRECTORY 'results/trials' USING parquet SELECT 1 AS x"));
        assertEquals("DROP TABLE x", ReadOnlySql.abbreviate("-- title: sneaky\n  DROP\n   TABLE x ;\n"));
    }
}
