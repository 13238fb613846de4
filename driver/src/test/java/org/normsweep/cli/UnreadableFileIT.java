package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.results.ResultTables;
import org.normsweep.results.ResultWriter;
import org.normsweep.testing.ChildProcesses;
import org.normsweep.testing.SampleResults;
import org.normsweep.testing.SparkTestBase;

/**
 * What a user sees, in a JVM of its own (so Spark's console logging is the real one): {@code sql} over a table with a
 * truncated file prints one screen and no stack trace, exit 4.
 */
class UnreadableFileIT extends SparkTestBase {
    static final Path ROOT =
            Path.of(System.getProperty("normsweep.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void sqlOverATruncatedFilePrintsOneScreen() throws Exception {
        Path results = dir.resolve("results");
        new ResultWriter(spark(), results.toString(), new ResultTables.RunContext("s", "r", "h"))
                .append(List.of(SampleResults.completed(), SampleResults.failed()));
        Path trials;
        try (Stream<Path> files = Files.list(results.resolve("trials"))) {
            trials = files.filter(p -> p.toString().endsWith(".parquet"))
                    .findFirst()
                    .orElseThrow();
        }
        try (FileChannel f = FileChannel.open(trials, StandardOpenOption.WRITE)) {
            f.truncate(f.size() - 100);
        }
        Path output = dir.resolve("output.txt");
        Process sql = ChildProcesses.normsweep(
                ROOT,
                dir.resolve("logs"),
                output,
                "sql",
                "--results",
                results.toString(),
                "--master",
                "local[2]",
                "SELECT count(*) FROM trials");
        assertTrue(sql.waitFor(5, TimeUnit.MINUTES));
        String printed = Files.readString(output);
        assertEquals(Main.FAULT, sql.exitValue(), printed);
        List<String> lines = printed.lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules")) // the JVM's, for the Vector API
                .toList();
        assertEquals(4, lines.size(), printed);
        assertTrue(
                lines.get(0)
                        .startsWith("normsweep: sql: a result file cannot be read (truncated or corrupt): " + trials),
                printed);
        assertFalse(printed.contains("\tat ") || printed.contains("Exception in task"), printed);
    }
}
