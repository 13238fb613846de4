package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.results.RunLock;
import org.normsweep.testing.ChildProcesses;
import org.normsweep.testing.SparkTestBase;

/**
 * Stops a driver JVM in the middle of a sweep the way a scheduler does (SIGTERM) and Ctrl-C does (SIGINT): the
 * trials that had finished keep their rows, the trials in flight get none (no FAILED row), the lock is gone, the exit
 * status is 143 or 130 with one line saying what happened, and the same command then runs exactly the trials left.
 */
class InterruptedRunIT extends SparkTestBase {
    static final Path ROOT =
            Path.of(System.getProperty("normsweep.home", "..")).toAbsolutePath().normalize();
    private static final Pattern LINE = Pattern.compile("normsweep: interrupted by (SIG\\w+): (\\d+) trial\\(s\\)"
            + " finished, (\\d+) in flight \\(not recorded\\); re-run the same command to resume");
    private static final Pattern TRIAL_FAILED = Pattern.compile("\\[\\d+/\\d+\\] \\w+ FAILED");
    private static final int TRIALS = 8;
    /**
     * Trials of a few seconds each (the whole committed sample, 12 epochs): the engine trains a small MLP trial in well
     * under a second, and a signal sent after the first result must still find trials in flight.
     */
    private static final int SAMPLE_IMAGES = 8000;

    private static final int EPOCHS = 12;

    @TempDir
    Path dir;

    private Process run(Path sweep, Path results, Path output) throws IOException {
        return ChildProcesses.runSweep(ROOT, dir.resolve("logs"), output, sweep, results);
    }

    /** Starts a run, waits for its first trial's line, sends {@code signal}; returns the trials it finished. */
    private int interrupt(String signal, int status, Path sweep, Path results, Path output) throws Exception {
        Process driver = run(sweep, results, output);
        ChildProcesses.awaitLine(output, "[1/" + TRIALS + "]", driver, 300);
        assertTrue(driver.isAlive(), "the driver was still running: " + Files.readString(output));
        if (signal.equals("TERM")) {
            driver.destroy(); // SIGTERM, as kill and schedulers send
        } else {
            assumeTrue(catches(driver.pid(), 2), "this test JVM's children ignore SIGINT (a background job)");
            new ProcessBuilder("kill", "-" + signal, Long.toString(driver.pid()))
                    .start()
                    .waitFor();
        }
        assertTrue(driver.waitFor(60, TimeUnit.SECONDS), "ended after SIG" + signal + ": " + Files.readString(output));
        String printed = Files.readString(output);
        assertEquals(status, driver.exitValue(), printed);

        Matcher line = LINE.matcher(printed);
        assertTrue(line.find(), "one line saying what happened: " + printed);
        assertEquals("SIG" + signal, line.group(1));
        int finished = Integer.parseInt(line.group(2));
        int inFlight = Integer.parseInt(line.group(3));
        assertFalse(line.find(), "only one such line: " + printed);
        assertTrue(finished >= 1 && finished < TRIALS, "interrupted mid-sweep: " + printed);
        assertTrue(inFlight >= 1 && finished + inFlight <= TRIALS, "trials in flight: " + printed);
        assertFalse(TRIAL_FAILED.matcher(printed).find(), "no trial reported FAILED: " + printed);
        assertFalse(printed.contains("finished: {"), "no run summary, as if the run had ended: " + printed);

        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("interrupted");
        assertEquals((long) finished, scalar("SELECT count(*) FROM interrupted"), "the finished trials' rows only");
        assertEquals(0L, scalar("SELECT count(*) FROM interrupted WHERE status <> 'COMPLETED'"), "no FAILED rows");
        assertTrue(Files.notExists(results.resolve(RunLock.FILE)), "the lock is released");
        return finished;
    }

    @Test
    void sigtermEndsTheRunCleanlyAndTheSameCommandResumes() throws Exception {
        Path sweep =
                ChildProcesses.mlpSweepOnSample(dir.resolve("term.yaml"), "term", ROOT, SAMPLE_IMAGES, TRIALS, EPOCHS);
        Path results = dir.resolve("results");
        int finished = interrupt("TERM", RunInterruption.SIGTERM_STATUS, sweep, results, dir.resolve("first.log"));

        Path secondLog = dir.resolve("second.log");
        Process second = run(sweep, results, secondLog);
        assertTrue(second.waitFor(120, TimeUnit.SECONDS), Files.readString(secondLog));
        String printed = Files.readString(secondLog);
        assertEquals(0, second.exitValue(), printed);
        assertTrue(
                printed.contains(finished + " of " + TRIALS + " trials already have a result")
                        && printed.contains("running " + (TRIALS - finished)),
                printed);
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("resumed");
        assertEquals((long) TRIALS, scalar("SELECT count(*) FROM resumed"), "each trial recorded once");
        assertEquals((long) TRIALS, scalar("SELECT count(DISTINCT trial_id) FROM resumed WHERE status = 'COMPLETED'"));
    }

    @Test
    void sigintExitsWith130() throws Exception {
        Path sweep =
                ChildProcesses.mlpSweepOnSample(dir.resolve("int.yaml"), "int", ROOT, SAMPLE_IMAGES, TRIALS, EPOCHS);
        interrupt("INT", RunInterruption.SIGINT_STATUS, sweep, dir.resolve("results"), dir.resolve("int.log"));
    }

    /** Whether process {@code pid} catches signal {@code number} (Linux: /proc/PID/status, SigCgt). */
    private static boolean catches(long pid, int number) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return true; // not Linux: try
        }
        return Files.readAllLines(status).stream()
                .filter(l -> l.startsWith("SigCgt:"))
                .map(l -> Long.parseUnsignedLong(l.substring(7).strip(), 16))
                .anyMatch(mask -> (mask & (1L << (number - 1))) != 0);
    }
}
