package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.results.ResultTables;
import org.normsweep.results.ResultWriter;
import org.normsweep.testing.Cli;
import org.normsweep.testing.SampleResults;
import org.normsweep.testing.SparkTestBase;

/**
 * A truncated Parquet file in {@code trials}: {@code sql}, {@code report} and {@code diff} end with one screen (what,
 * the file, what to do, the log with the stack trace) and exit 4; {@code verify} finds it without writing anything;
 * {@code verify --quarantine} moves it (and the rows of its trial in the other tables) aside, after which queries
 * work again on the rows that are left.
 */
class UnreadableFileTest extends SparkTestBase {
    private static final Pattern LOG = Pattern.compile("stack trace: (\\S+)");

    @TempDir
    static Path logs;

    @TempDir
    Path dir;

    Path results;
    Path truncated;

    @BeforeAll
    static void faultLogs() {
        System.setProperty(FaultReport.LOG_DIR_PROPERTY, logs.toString());
    }

    /** Two appends: the COMPLETED trial (a row in every table), then the FAILED one (a trials row only). */
    @BeforeEach
    void write() throws IOException {
        results = dir.resolve("results");
        ResultWriter writer = new ResultWriter(spark(), results.toString(), new ResultTables.RunContext("s", "r", "h"));
        writer.append(List.of(SampleResults.completed()));
        writer.append(List.of(SampleResults.failed()));
        assertEquals(2L, count("trials"));
        try (Stream<Path> files = Files.list(results.resolve("trials"))) {
            truncated = files.filter(p -> p.getFileName().toString().matches("part-r-00001-.*\\.parquet"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** Cuts the COMPLETED trial's trials file in half; returns its new size. */
    private long truncate() throws IOException {
        try (FileChannel f = FileChannel.open(truncated, StandardOpenOption.WRITE)) {
            f.truncate(f.size() / 2);
            return f.size();
        }
    }

    private long count(String table) {
        return spark().read().parquet(results.resolve(table).toString()).count();
    }

    /** The one screen: names the file, says what to do, no stack trace; the log it names has the trace. */
    private static void oneScreenNaming(Cli.Result r, String command, Path file) throws IOException {
        assertEquals(Main.FAULT, r.exitCode(), r.err());
        String err = r.err().strip();
        assertTrue(
                err.startsWith(
                        "normsweep: " + command + ": a result file cannot be read (truncated or corrupt): " + file),
                err);
        assertTrue(err.contains("what to do: `normsweep verify --results"), err);
        assertFalse(err.contains("\tat "), err);
        assertTrue(err.lines().count() <= 6, err);
        Matcher m = LOG.matcher(err);
        assertTrue(m.find(), err);
        Path log = Path.of(m.group(1));
        assertTrue(log.startsWith(logs), "read-only commands log outside the results: " + log);
        String trace = Files.readString(log);
        assertTrue(trace.contains(file.getFileName().toString()) && trace.contains("\tat "), trace);
    }

    @Test
    void queriesFailOnOneScreenAndVerifyQuarantinesTheFile() throws IOException {
        long size = truncate();
        Map<String, String> before = files(results);
        oneScreenNaming(
                Cli.run("sql", "--results", results.toString(), "--master", "local[2]", "SELECT count(*) FROM trials"),
                "sql",
                truncated);
        oneScreenNaming(Cli.run("diff", "--results", results.toString(), "--master", "local[2]"), "diff", truncated);
        oneScreenNaming(
                Cli.run(
                        "report",
                        "--results",
                        results.toString(),
                        "--master",
                        "local[2]",
                        "--out",
                        dir.resolve("report").toString()),
                "report",
                truncated);
        assertEquals(before, files(results), "sql, diff and report wrote nothing there");

        Cli.Result verify = Cli.run("verify", "--results", results.toString(), "--master", "local[2]");
        assertEquals(VerifyCommand.PROBLEMS, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("unreadable: file:" + truncated), verify.out());
        // The completed trial's rows in the six other tables have no readable trials row now.
        assertEquals(
                6,
                verify.out()
                        .lines()
                        .filter(l -> l.startsWith("  without a trials row"))
                        .count(),
                verify.out());
        assertEquals(before, files(results), "verify without --quarantine writes nothing");

        Cli.Result quarantine =
                Cli.run("verify", "--results", results.toString(), "--master", "local[2]", "--quarantine");
        assertEquals(0, quarantine.exitCode(), quarantine.out() + quarantine.err());
        assertTrue(quarantine.out().contains("7 file(s) moved aside"), quarantine.out());
        assertTrue(quarantine.out().strip().endsWith("no problems found"), quarantine.out());
        assertFalse(Files.exists(truncated));
        try (Stream<Path> moved = Files.walk(results.resolve("_quarantine"))) {
            List<Path> parquet =
                    moved.filter(p -> p.toString().endsWith(".parquet")).toList();
            assertEquals(7, parquet.size(), parquet.toString());
            Path back = parquet.stream()
                    .filter(p -> p.getFileName().equals(truncated.getFileName()))
                    .findFirst()
                    .orElseThrow();
            assertEquals("trials", back.getParent().getFileName().toString(), "keeps the table's name");
            assertEquals(size, Files.size(back), "moved as it was");
        }

        Cli.Result after = Cli.run(
                "sql",
                "--results",
                results.toString(),
                "--master",
                "local[2]",
                "SELECT status, count(*) FROM trials" + " GROUP BY status");
        assertEquals(0, after.exitCode(), after.err());
        assertTrue(after.out().contains("|FAILED|1       |"), after.out());
        assertEquals(1L, count("trials"), "the readable trial stays");
        try (Stream<Path> epochs = Files.list(results.resolve("epochs"))) {
            assertEquals(
                    List.of(),
                    epochs.filter(p -> p.toString().endsWith(".parquet")).toList(),
                    "the quarantined trial's rows left the tables with it");
        }
    }

    @Test
    void verifyFindsRowsWrittenTwice() throws IOException {
        Path epochs;
        try (Stream<Path> files = Files.list(results.resolve("epochs"))) {
            epochs = files.filter(p -> p.toString().endsWith(".parquet"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.copy(epochs, epochs.resolveSibling("copy-" + epochs.getFileName()));
        Cli.Result verify = Cli.run("verify", "--results", results.toString(), "--master", "local[2]");
        assertEquals(VerifyCommand.PROBLEMS, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("twice: 2 row(s) of epochs (the view)"), verify.out());
        assertTrue(verify.out().contains("copy-" + epochs.getFileName()), verify.out());
    }

    /** Every file under {@code root}: its size and modification time. */
    static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }
}
