package org.normsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run lock on local disk: of runs that start at once exactly one gets it; a stale lock is taken over, and its
 * old holder then learns it lost the lock and leaves the new one alone; a store that cannot be exclusive is refused.
 * (The HDFS and S3 ITs check the same on those stores.)
 */
class RunLockTest {
    @TempDir
    Path dir;

    @Test
    void oneOfManySimultaneousRunsGetsTheLock() throws Exception {
        Configuration conf = new Configuration();
        for (int round = 0; round < 5; round++) {
            String results = dir.resolve("r" + round).toString();
            List<RunLock> won = RunLockRace.race(conf, results, 6, RunLock.STALE_SECONDS);
            assertEquals(1, won.size(), "round " + round);
            won.get(0).check();
            won.get(0).close();
            assertFalse(Files.exists(Path.of(results, RunLock.FILE)));
        }
    }

    @Test
    void staleLockIsTakenOverOnceAndItsOldHolderStops() throws Exception {
        // Many rounds: a take-over that lost the race once moved the winner's fresh lock aside for a moment, so the
        // winner's own check found no lock and none of the runs got it (a CI run failed so).
        for (int round = 0; round < 20; round++) {
            staleLockIsTakenOverOnce(dir.resolve("stale" + round).toString());
        }
    }

    private void staleLockIsTakenOverOnce(String results) throws Exception {
        Configuration conf = new Configuration();
        RunLock stalled = RunLock.acquire(conf, results, "old");
        // As if its holder had not refreshed it for an hour: the runs below race to take it over.
        Files.setLastModifiedTime(
                Path.of(results, RunLock.FILE),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        List<RunLock> won = RunLockRace.race(conf, results, 6, RunLock.STALE_SECONDS);
        assertEquals(1, won.size(), results);
        stalled.refresh();
        RunLock.ResultsLockedException lost = assertThrows(RunLock.ResultsLockedException.class, stalled::check);
        assertTrue(lost.getMessage().contains("was taken over by another run (run r"), lost.getMessage());
        stalled.close();
        assertTrue(Files.readString(Path.of(results, RunLock.FILE)).startsWith("run r"), "the new holder's lock stays");
        won.get(0).check();
        won.get(0).close();
        assertFalse(Files.exists(Path.of(results, RunLock.FILE)));
    }

    @Test
    void staleLockWithAChecksumSidecarIsTakenOver() throws Exception {
        // A lock left by a checksumming writer (Hadoop's LocalFileSystem, as older Normsweep builds wrote it), its
        // holder dead: the take-over must not trip on the old lock's .crc (it once failed with ChecksumException).
        Configuration conf = new Configuration();
        Path results = dir.resolve("crc");
        org.apache.hadoop.fs.FileSystem local = org.apache.hadoop.fs.FileSystem.getLocal(conf);
        try (var out = local.create(
                new org.apache.hadoop.fs.Path(results.resolve(RunLock.FILE).toUri()), false)) {
            out.write("run old on elsewhere pid 1\nrefreshed 0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Path crc = results.resolve("." + RunLock.FILE + ".crc");
        assertTrue(Files.exists(crc), "the checksumming writer left its sidecar");
        Files.setLastModifiedTime(
                results.resolve(RunLock.FILE),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        RunLock lock = RunLock.acquire(conf, results.toString(), "new");
        lock.refresh();
        lock.check();
        assertTrue(Files.readString(results.resolve(RunLock.FILE)).startsWith("run new"));
        lock.close();
        assertFalse(Files.exists(results.resolve(RunLock.FILE)));
        assertFalse(Files.exists(crc));
    }

    /** A local file system under another scheme name: a store the lock knows nothing about. */
    public static final class OtherStore extends RawLocalFileSystem {
        @Override
        public String getScheme() {
            return "otherstore";
        }

        @Override
        public java.net.URI getUri() {
            return java.net.URI.create("otherstore:///");
        }
    }

    @Test
    void storeWithoutExclusiveCreateIsRefusedUnlessAccepted() {
        Configuration conf = new Configuration();
        conf.set("fs.otherstore.impl", OtherStore.class.getName());
        conf.setBoolean("fs.otherstore.impl.disable.cache", true);
        String results = "otherstore://" + dir.resolve("results");
        RunLock.ResultsLockedException e =
                assertThrows(RunLock.ResultsLockedException.class, () -> RunLock.acquire(conf, results, "a"));
        assertTrue(e.getMessage().contains("where Normsweep cannot make its run lock exclusive"), e.getMessage());
        assertTrue(e.getMessage().contains("--lock-by-convention"), e.getMessage());
        try (RunLock lock = RunLock.acquire(conf, results, "a", true)) {
            assertTrue(Files.exists(dir.resolve("results").resolve(RunLock.FILE)));
        }
    }
}
