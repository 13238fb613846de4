package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.testing.ChildProcesses;
import org.normsweep.testing.Cli;
import org.normsweep.testing.SparkTestBase;
import org.normsweep.testing.SyntheticIdx;

/**
 * {@code run}'s one console: a plain line per finished trial, the trials' per-epoch log lines in the trial log file
 * the run names and on the console only with {@code --verbose}. Two MLP trials on the committed sample.
 */
class TrialLogTest extends SparkTestBase {
    static final Path ROOT =
            Path.of(System.getProperty("normsweep.home", "..")).toAbsolutePath().normalize();
    static final Pattern TRIAL_LINE = Pattern.compile("(?m)^normsweep: \\[(\\d)/2\\] ([0-9a-f]{16}) COMPLETED "
            + ".+: test acc \\d\\.\\d{4}, \\d+\\.\\d s \\(elapsed \\d+s(, ETA \\d+s)?\\)$");
    static final Pattern EPOCH_LINE = Pattern.compile("trial [0-9a-f]{16} epoch \\d/2 ");

    @TempDir
    Path dir;

    @Test
    void epochLinesGoToTheTrialLogAndToTheConsoleOnlyWithVerbose() throws IOException {
        Path sweep = ChildProcesses.mlpSweepOnSample(dir.resolve("console.yaml"), "console", ROOT, 256, 2);
        Path results = dir.resolve("results");
        Path log = dir.resolve("logs/nightly.log");
        Cli.Result quiet = Cli.run(
                "run",
                sweep.toString(),
                "--results",
                results.toString(),
                "--master",
                "local[2]",
                "--log",
                log.toString());
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertTrue(quiet.out().contains("normsweep: trial log: " + log + "\n"), quiet.out());
        Matcher m = TRIAL_LINE.matcher(quiet.out());
        assertTrue(m.find() && m.group(1).equals("1") && m.group(3) != null, "[1/2] has an ETA: " + quiet.out());
        String first = m.group(2);
        assertTrue(m.find() && m.group(1).equals("2") && m.group(3) == null, "[2/2] has none: " + quiet.out());
        String second = m.group(2);
        assertEquals(2, TRIAL_LINE.matcher(quiet.out()).results().count(), quiet.out());

        String text = Files.readString(log);
        assertTrue(text.startsWith("# normsweep run "), text);
        for (String id : List.of(first, second)) {
            assertTrue(text.contains("trial " + id + " epoch 1/2 train loss"), text);
            assertTrue(text.contains("trial " + id + " epoch 2/2 train loss"), text);
            assertTrue(text.contains("trial " + id + " COMPLETED in"), text);
        }
        assertFalse(
                EPOCH_LINE.matcher(quiet.out() + quiet.err()).find(),
                "no epoch lines on the console: " + quiet.out() + quiet.err());

        // --verbose, and the default log: logs/SWEEP-RUN_ID.log (under target/ in the tests).
        Cli.Result verbose = Cli.run(
                "run",
                sweep.toString(),
                "--results",
                results.toString(),
                "--master",
                "local[2]",
                "--rerun-all",
                "--verbose");
        assertEquals(0, verbose.exitCode(), verbose.err());
        Matcher runId = Pattern.compile("run (\\S+), 2 trials").matcher(verbose.out());
        assertTrue(runId.find(), verbose.out());
        Path defaultLog =
                Path.of(System.getProperty(RunCommand.LOG_DIR_PROPERTY, "logs"), "console-" + runId.group(1) + ".log");
        assertTrue(verbose.out().contains("normsweep: trial log: " + defaultLog + "\n"), verbose.out());
        for (String id : List.of(first, second)) {
            assertTrue(verbose.err().contains("trial " + id + " epoch 2/2 train loss"), verbose.err());
            assertTrue(Files.readString(defaultLog).contains("trial " + id + " epoch 2/2 train loss"));
        }
        assertFalse(Files.readString(log).contains(runId.group(1)), "each run its own log");
        assertEquals(2, TRIAL_LINE.matcher(verbose.out()).results().count(), verbose.out());
    }

    @Test
    void trialWarningsStillReachTheConsoleAndTheLog() throws IOException {
        // The same console channel the epoch lines stay off without --verbose: WARN passes it.
        Path broken = SyntheticIdx.write(dir.resolve("broken"), 64, 16, 2);
        byte[] whole = SyntheticIdx.imagesFile(new byte[64 * 28 * 28], 64);
        SyntheticIdx.write(broken.resolve("train-images-idx3-ubyte.gz"), java.util.Arrays.copyOf(whole, 500));
        Path sweep = Files.writeString(
                dir.resolve("broken.yaml"),
                "name: broken\nfixed: {dataset: x, dataset_path: '" + broken + "'}\ngrid: {seed: [1]}\n");
        Path log = dir.resolve("broken.log");
        Cli.Result r = Cli.run(
                "run",
                sweep.toString(),
                "--results",
                dir.resolve("b").toString(),
                "--master",
                "local[1]",
                "--log",
                log.toString());
        assertEquals(1, r.exitCode(), r.out());
        Matcher failed = Pattern.compile("(?m)^\\S+ WARN  TrialRunner - trial ([0-9a-f]{16}) failed: .*truncated")
                .matcher(r.err());
        assertTrue(failed.find(), r.err());
        assertTrue(r.out().contains("normsweep: [1/1] " + failed.group(1) + " FAILED "), r.out());
        assertTrue(Files.readString(log).contains("WARN  TrialRunner - trial " + failed.group(1) + " failed: "));
    }

    @Test
    void aTrialLogThatCannotBeWrittenIsBadInput() throws IOException {
        Path sweep = ChildProcesses.mlpSweepOnSample(dir.resolve("bad-log.yaml"), "bad-log", ROOT, 256, 1);
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path results = dir.resolve("never");
        Cli.Result r = Cli.run(
                "run",
                sweep.toString(),
                "--results",
                results.toString(),
                "--log",
                file.resolve("run.log").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(
                "normsweep: " + file.resolve("run.log") + ": cannot be written (the trial log; choose another"
                        + " with --log FILE)",
                r.err().strip());
        assertTrue(Files.notExists(results));
    }
}
