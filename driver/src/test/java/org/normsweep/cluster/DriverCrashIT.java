package org.normsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.testing.ChildProcesses;
import org.normsweep.testing.SparkTestBase;

/**
 * Kills the driver JVM (SIGKILL) in the middle of a sweep, then runs the same command again: the trials
 * that had finished are not trained again, the rest complete, and no trial has two finished rows.
 */
class DriverCrashIT extends SparkTestBase {
    static final Path ROOT =
            Path.of(System.getProperty("normsweep.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Process driver(Path sweep, Path results, Path log) throws IOException {
        return ChildProcesses.runSweep(ROOT, dir.resolve("logs"), log, sweep, results);
    }

    @Test
    void reRunAfterAKilledDriverFinishesWithoutRetraining() throws Exception {
        Path sweep = ChildProcesses.mlpSweepOnSample(dir.resolve("crash.yaml"), "crash", ROOT, 2048, 8);
        Path results = dir.resolve("results");
        Path firstLog = dir.resolve("first.log");
        Process first = driver(sweep, results, firstLog);
        ChildProcesses.awaitLine(firstLog, "[2/8]", first, 240);
        assertTrue(first.isAlive(), "the driver was still running: " + Files.readString(firstLog));
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("before");
        long finished = (Long) scalar("SELECT count(*) FROM before");
        assertTrue(finished >= 2 && finished < 8, "killed mid-sweep with " + finished + " trials recorded");

        Path secondLog = dir.resolve("second.log");
        Process second = driver(sweep, results, secondLog);
        assertTrue(second.waitFor(300, TimeUnit.SECONDS), Files.readString(secondLog));
        assertEquals(0, second.exitValue(), Files.readString(secondLog));
        assertTrue(
                Files.readString(secondLog).contains(finished + " of 8 trials already have a result"),
                Files.readString(secondLog));
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("after");
        assertEquals(8L, scalar("SELECT count(*) FROM after"), "each trial trained once");
        assertEquals(8L, scalar("SELECT count(DISTINCT trial_id) FROM after WHERE status = 'COMPLETED'"));
        org.normsweep.results.ResultViews.register(spark(), results.toString());
        assertEquals(16L, scalar("SELECT count(*) FROM epochs"), "2 epochs of each trial in the views");
        assertEquals(
                0L,
                scalar("SELECT count(*) FROM (SELECT trial_id, epoch FROM epochs GROUP BY trial_id, epoch"
                        + " HAVING count(*) > 1)"),
                "no duplicated epoch rows");
    }
}
