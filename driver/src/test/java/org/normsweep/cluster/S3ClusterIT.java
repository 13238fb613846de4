package org.normsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.results.RunLock;
import org.normsweep.results.RunLockRace;
import org.normsweep.testing.ChildProcesses;
import org.normsweep.testing.KilledSweep;
import org.normsweep.testing.S3Server;

/**
 * Results and the dataset on S3 through s3a, against an S3-compatible server in its own JVM (started once for the
 * class): the sweep is killed and resumed; two drivers started at the same moment on one results directory leave
 * exactly one running, the other exits 2 with the lock message and no trial is written twice; and the lock's
 * take-over is compare-and-swap, so a stalled holder cannot refresh it and write on.
 */
class S3ClusterIT {
    static final Path ROOT =
            Path.of(System.getProperty("normsweep.home", "..")).toAbsolutePath().normalize();
    static final String BUCKET = "s3a://" + S3Server.BUCKET;

    @TempDir
    static Path dir;

    static S3Server s3;
    static SparkSession spark;
    static String data;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3Server(ROOT, dir.resolve("s3"));
        Configuration conf = s3.conf();
        FileSystem fs = new org.apache.hadoop.fs.Path(BUCKET + "/").getFileSystem(conf);
        fs.copyFromLocalFile(
                false,
                true,
                new org.apache.hadoop.fs.Path(
                        ROOT.resolve("data/fashion-mnist-sample").toUri()),
                new org.apache.hadoop.fs.Path(BUCKET + "/data/fashion-mnist-sample"));
        data = BUCKET + "/data/fashion-mnist-sample";
        SparkSession.Builder b = SparkSession.builder()
                .master("local[2]")
                .appName("normsweep-s3-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
        for (String[] kv : s3.s3aSettings()) {
            b.config("spark.hadoop." + kv[0], kv[1]);
        }
        spark = b.getOrCreate();
    }

    @AfterAll
    static void stopS3() {
        if (spark != null) {
            spark.stop();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void sweepOnS3IsKilledResumedAndReadBack() throws Exception {
        Path sweep = KilledSweep.sweep(dir.resolve("s3.yaml"), "s3", data, 5);
        String results = BUCKET + "/nightly/results";
        long before =
                KilledSweep.killResumeAndReadBack(ROOT, dir, sweep, results, 5, s3.sparkSystemProperties(), spark);
        System.out.println("S3ClusterIT: trials rows after the kill " + before + ", after the resume 5");
    }

    @Test
    void twoDriversStartedAtOnceOneRunsTheOtherIsRefused() throws Exception {
        Path sweep = KilledSweep.sweep(dir.resolve("race.yaml"), "race", data, 3);
        String results = BUCKET + "/race/results";
        List<Process> drivers = new ArrayList<>();
        List<Path> logs = List.of(dir.resolve("race-a.log"), dir.resolve("race-b.log"));
        try {
            for (Path log : logs) {
                drivers.add(ChildProcesses.normsweep(
                        ROOT,
                        dir.resolve("logs"),
                        log,
                        s3.sparkSystemProperties(),
                        "run",
                        sweep.toString(),
                        "--results",
                        results,
                        "--master",
                        "local[1]"));
            }
            for (Process p : drivers) {
                assertTrue(p.waitFor(480, TimeUnit.SECONDS));
            }
        } finally {
            for (Process p : drivers) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        int ran = drivers.get(0).exitValue() == 0 ? 0 : 1;
        int refused = 1 - ran;
        String refusedLog = Files.readString(logs.get(refused));
        assertEquals(0, drivers.get(ran).exitValue(), Files.readString(logs.get(ran)));
        assertEquals(2, drivers.get(refused).exitValue(), refusedLog);
        assertTrue(refusedLog.contains(results + " is in use by another run (run "), refusedLog);
        assertFalse(refusedLog.contains("[1/3]"), "the refused driver trained nothing: " + refusedLog);
        KilledSweep.assertEachTrialOnce(spark, results, 3); // no trial written twice
        System.out.println("S3ClusterIT: race: driver " + (char) ('a' + ran) + " ran (exit 0), the other exited 2;"
                + " trials rows 3, distinct 3");
    }

    @Test
    void lockIsExclusiveAndTakenOverByCompareAndSwap() throws Exception {
        Configuration conf = s3.conf();
        String results = BUCKET + "/locks";
        List<RunLock> won = RunLockRace.race(conf, results, 6);
        assertEquals(1, won.size(), "one of six runs started at once holds the lock (If-None-Match)");
        RunLock stalled = won.get(0);

        // A run that sees it stale takes it over with If-Match on the ETag it read; the stalled holder's next
        // refresh (If-Match on its own, older ETag) fails, so it stops, and leaves the new holder's lock alone.
        RunLock taker = RunLockRace.takeOver(conf, results, "taker");
        assertNotNull(taker);
        RunLock.ResultsLockedException lost = assertThrows(RunLock.ResultsLockedException.class, () -> {
            RunLockRace.refreshNow(stalled);
            stalled.check();
        });
        assertTrue(lost.getMessage().contains("was taken over by another run (run taker"), lost.getMessage());
        stalled.close();
        FileSystem fs = new org.apache.hadoop.fs.Path(results).getFileSystem(conf);
        org.apache.hadoop.fs.Path lock = new org.apache.hadoop.fs.Path(results, RunLock.FILE);
        assertTrue(fs.exists(lock), "the taker's lock stays");
        RunLockRace.refreshNow(taker);
        taker.check();
        taker.close();
        assertFalse(fs.exists(lock));
    }
}
