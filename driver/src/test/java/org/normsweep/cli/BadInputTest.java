package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.results.ResultTables;
import org.normsweep.results.ResultWriter;
import org.normsweep.testing.Cli;
import org.normsweep.testing.SampleResults;
import org.normsweep.testing.SparkTestBase;

/** Bad input on any command exits 2 with one line that says what is wrong, never a stack trace. */
class BadInputTest extends SparkTestBase {
    @TempDir
    Path dir;

    private static void badInput(String expectedStart, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(2, r.exitCode(), r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("normsweep: " + expectedStart), err);
        assertEquals(1, err.lines().count(), "one line: " + err);
    }

    @Test
    void badFilesAndOptionsExitTwoBeforeAnythingRuns() throws IOException {
        Path missing = dir.resolve("missing.sql");
        badInput(missing + ": cannot be read", "sql", "-f", missing.toString(), "--results", dir.toString());
        badInput(missing + ": cannot be read", "report", "--sql", missing.toString(), "--results", dir.toString());
        Path pie = Files.writeString(dir.resolve("pie.sql"), "-- chart: pie\n-- x: a\n-- y: b\n-- series: c\nSELECT 1");
        badInput(pie + ": chart must be line, bar, heatmap or parallel, found pie", "report", "--sql", pie.toString());
        badInput("Unknown option: '--bogus' (see: normsweep run --help)", "run", "--bogus", "x.yaml");
        badInput("--window must be >= 1, found 0", "report", "--window", "0");
        badInput("Unmatched argument at index 0: 'nonsense'", "nonsense");
        badInput("name a command", new String[0]);
    }

    @Test
    void aSweepFileWithAKeyGivenTwiceRunsNothing() throws IOException {
        Path sweep = Files.writeString(
                dir.resolve("twice.yaml"),
                "name: twice\ngrid: {seed: [1, 2]}\nfixed: {model: mlp}\ngrid: {seed: [3]}\n");
        Path results = dir.resolve("twice-results");
        Path log = dir.resolve("twice.log");
        String message =
                sweep + ": duplicate key 'grid' at line 4 (first at line 2); YAML would silently keep only the last";
        badInput(message, "run", sweep.toString(), "--results", results.toString(), "--log", log.toString());
        badInput(message, "plan", sweep.toString());
        assertTrue(Files.notExists(results), "no results directory");
        assertTrue(Files.notExists(log), "no trial log");
    }

    @Test
    void queriesThatDoNotRunExitTwo() throws IOException {
        Path results = dir.resolve("results");
        new ResultWriter(spark(), results.toString(), new ResultTables.RunContext("s", "r", "h"))
                .append(List.of(SampleResults.completed()));
        badInput("query failed: ", "sql", "--results", results.toString(), "SELECT nope FROM trials");
        Path bad = Files.writeString(dir.resolve("typo.sql"), "-- title: typo\nSELEC 1");
        badInput(
                "typo.sql: [PARSE_SYNTAX_ERROR]",
                "report",
                "--results",
                results.toString(),
                "--sql",
                bad.toString(),
                "--out",
                dir.resolve("report").toString());
    }
}
