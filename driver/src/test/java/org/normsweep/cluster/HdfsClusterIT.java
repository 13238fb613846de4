package org.normsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.results.RunLock;
import org.normsweep.testing.Cli;
import org.normsweep.testing.KilledSweep;
import org.normsweep.testing.MiniHdfs;
import org.normsweep.testing.SparkTestBase;

/**
 * Results and the dataset on HDFS (a MiniDFSCluster on loopback, started once for the class): a sweep whose
 * {@code dataset_path} and {@code --results} are {@code hdfs://} URIs is killed mid-run (SIGKILL), resumed, and its rows
 * read back with Spark SQL and with {@code normsweep sql}; the run lock is exclusive there, also when runs race to take
 * over a dead run's lock; a wrong URI is refused.
 */
class HdfsClusterIT extends SparkTestBase {
    static final Path ROOT =
            Path.of(System.getProperty("normsweep.home", "..")).toAbsolutePath().normalize();

    @TempDir
    static Path dir;

    static MiniHdfs hdfs;
    static String data;

    @BeforeAll
    static void startHdfs() throws IOException {
        hdfs = new MiniHdfs(dir.resolve("hdfs"));
        data = hdfs.upload(ROOT.resolve("data/fashion-mnist-sample"), "/data/fashion-mnist-sample");
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @Test
    void sweepOnHdfsIsKilledResumedAndReadBack() throws Exception {
        Path sweep = KilledSweep.sweep(dir.resolve("hdfs.yaml"), "hdfs", data, 5);
        String results = hdfs.uri() + "/nightly/results";
        long before = KilledSweep.killResumeAndReadBack(ROOT, dir, sweep, results, 5, List.of(), spark());
        assertFalse(hdfs.fs().exists(new org.apache.hadoop.fs.Path("/nightly/results/" + RunLock.FILE)));
        assertTrue(Files.readString(dir.resolve("second-hdfs.yaml.log")).contains("data: fashion-mnist from " + data));
        System.out.println("HdfsClusterIT: trials rows after the kill " + before + ", after the resume 5");
    }

    @Test
    void lockIsExclusiveOnHdfs() throws Exception {
        Configuration conf = new Configuration(hdfs.conf());
        conf.setBoolean("fs.hdfs.impl.disable.cache", true); // one HDFS client per run, as for separate drivers
        String results = hdfs.uri() + "/race";
        List<RunLock> won = org.normsweep.results.RunLockRace.race(conf, results, 6);
        assertEquals(1, won.size(), "one of six runs started at once holds the lock");
        won.get(0).close();
        assertFalse(hdfs.fs().exists(new org.apache.hadoop.fs.Path("/race/" + RunLock.FILE)));
    }

    @Test
    void staleLockIsTakenOverOnceOnHdfs() throws Exception {
        // Rounds of six runs racing for a dead run's lock, each with its own HDFS client as separate drivers would:
        // exactly one takes it over, the old holder learns it lost the lock, and its release leaves the new lock alone.
        Configuration conf = new Configuration(hdfs.conf());
        conf.setBoolean("fs.hdfs.impl.disable.cache", true);
        for (int round = 0; round < 5; round++) {
            String results = hdfs.uri() + "/stale" + round;
            org.apache.hadoop.fs.Path lock = new org.apache.hadoop.fs.Path("/stale" + round + "/" + RunLock.FILE);
            RunLock stalled = RunLock.acquire(conf, results, "old");
            hdfs.fs().setTimes(lock, System.currentTimeMillis() - 3_600_000, -1);
            List<RunLock> won = org.normsweep.results.RunLockRace.race(conf, results, 6);
            assertEquals(1, won.size(), "round " + round + ": one of six runs takes the stale lock over");
            org.normsweep.results.RunLockRace.refreshNow(stalled);
            assertThrows(RunLock.ResultsLockedException.class, stalled::check);
            stalled.close();
            won.get(0).check();
            won.get(0).close();
            assertFalse(hdfs.fs().exists(lock), "round " + round);
        }
    }

    @Test
    void wrongDatasetUriIsRefusedBeforeTraining() throws IOException {
        Path sweep = KilledSweep.sweep(dir.resolve("wrong.yaml"), "wrong", hdfs.uri() + "/no/such/data", 1);
        Cli.Result r = Cli.run("run", sweep.toString(), "--results", hdfs.uri() + "/wrong", "--master", "local[1]");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("fixed.dataset_path points at " + hdfs.uri() + "/no/such/data"), r.err());
        assertTrue(r.err().contains("no such file"), r.err());
        assertFalse(hdfs.fs().exists(new org.apache.hadoop.fs.Path("/wrong")), "nothing written");
    }
}
