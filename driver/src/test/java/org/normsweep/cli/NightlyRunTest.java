package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.results.RunLock;
import org.normsweep.testing.Cli;
import org.normsweep.testing.SparkTestBase;
import org.normsweep.testing.SyntheticIdx;

/** Re-running resumes, failures set the exit status, and a results directory takes one run at a time. */
class NightlyRunTest extends SparkTestBase {
    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = SyntheticIdx.write(dir.resolve("data"), 96, 32, 4);
    }

    private static Path sweep(String name, String grid) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(
                file,
                "name: " + name + "\nfixed: {model: mlp, dataset: s, dataset_path: '" + data
                        + "', batch_size: 32, probe_size: 8}\ngrid: " + grid + "\n");
        return file;
    }

    @Test
    void reRunningSkipsFinishedTrialsAndRunsOnlyNewOnes() throws IOException {
        Path results = dir.resolve("resume");
        Cli.Result first = Cli.run(
                "run",
                sweep("nightly", "{seed: [1, 2], lr: [0.1, 1.0e30]}").toString(),
                "--results",
                results.toString(),
                "--master",
                "local[2]");
        assertEquals(0, first.exitCode(), first.err());
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("r1");
        long diverged = (Long) scalar("SELECT count(*) FROM r1 WHERE status = 'DIVERGED'");

        Cli.Result again = Cli.run(
                "run",
                sweep("nightly", "{seed: [1, 2], lr: [0.1, 1.0e30]}").toString(),
                "--results",
                results.toString(),
                "--master",
                "local[2]");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("4 of 4 trials already have a result"), again.out());
        assertTrue(again.out().contains("nothing to run"), again.out());

        Cli.Result grown = Cli.run(
                "run",
                sweep("nightly", "{seed: [1, 2, 3], lr: [0.1, 1.0e30]}").toString(),
                "--results",
                results.toString(),
                "--master",
                "local[2]",
                "--retry-diverged");
        assertEquals(0, grown.exitCode(), grown.err());
        assertTrue(grown.out().contains("running " + (2 + diverged)), grown.out());
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("r3");
        assertEquals(4L + 2 + diverged, scalar("SELECT count(*) FROM r3"), "no finished trial trained twice");
        assertEquals(6L, scalar("SELECT count(DISTINCT trial_id) FROM r3"));
        assertTrue(Files.notExists(results.resolve(RunLock.FILE)), "the lock is gone after the run");

        // Another sweep asking for trials that are done reuses them, and its views still show them.
        Cli.Result other = Cli.run(
                "run",
                sweep("other", "{seed: [1, 2]}").toString(),
                "--results",
                results.toString(),
                "--master",
                "local[2]");
        assertEquals(0, other.exitCode(), other.err());
        assertTrue(other.out().contains("2 of 2 trials already have a result"), other.out());
        org.normsweep.results.ResultViews.register(spark(), results.toString(), "other");
        assertEquals(2L, scalar("SELECT count(*) FROM trials"), "the reused trials belong to sweep 'other' too");
    }

    @Test
    void failedTrialsGiveExitOneUnlessTolerated() throws IOException {
        Path broken = SyntheticIdx.write(dir.resolve("broken"), 64, 16, 2);
        byte[] whole = SyntheticIdx.imagesFile(new byte[64 * 28 * 28], 64);
        SyntheticIdx.write(broken.resolve("train-images-idx3-ubyte.gz"), java.util.Arrays.copyOf(whole, 500));
        Path file = dir.resolve("broken.yaml");
        Files.writeString(
                file, "name: broken\nfixed: {dataset: x, dataset_path: '" + broken + "'}\ngrid: {seed: [1, 2]}\n");
        Cli.Result strict =
                Cli.run("run", file.toString(), "--results", dir.resolve("b1").toString(), "--master", "local[2]");
        assertEquals(1, strict.exitCode());
        assertTrue(strict.out().contains("2 trial(s) FAILED (more than --max-failures 0)"), strict.out());
        assertTrue(strict.out().contains("truncated"), "the first errors are shown: " + strict.out());
        Cli.Result tolerant = Cli.run(
                "run",
                file.toString(),
                "--results",
                dir.resolve("b2").toString(),
                "--master",
                "local[2]",
                "--max-failures",
                "2");
        assertEquals(0, tolerant.exitCode(), tolerant.out());
    }

    @Test
    void aLiveLockOrAnUnwritableDirectoryRefusesTheRun() throws IOException {
        Path sweep = sweep("locked", "{seed: [1]}");
        Path results = dir.resolve("locked-results");
        Files.createDirectories(results);
        Files.writeString(results.resolve(RunLock.FILE), "run other on host pid 1");
        Cli.Result locked = Cli.run("run", sweep.toString(), "--results", results.toString(), "--master", "local[1]");
        assertEquals(2, locked.exitCode());
        assertTrue(locked.err().contains("is in use by another run (run other on host pid 1"), locked.err());
        assertTrue(Files.notExists(results.resolve("trials")), "nothing written");

        // A results "directory" under a plain file cannot be created, even by root: a fault of the store (exit 4).
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        Cli.Result denied = Cli.run(
                "run", sweep.toString(), "--results", file.resolve("results").toString(), "--master", "local[1]");
        assertEquals(Main.FAULT, denied.exitCode(), denied.out() + denied.err());
        assertTrue(denied.err().contains("normsweep: run: cannot write"), denied.err());
        assertTrue(Files.isRegularFile(file), "the plain file is left as it was");
    }

    @Test
    void oversizedGridsNeedYes() throws IOException {
        Path big = sweep("big", "{seed: {from: 1, to: 50}, lr: [0.1, 0.2, 0.3]}");
        Cli.Result refused =
                Cli.run("run", big.toString(), "--results", dir.resolve("big").toString(), "--max-trials", "100");
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("the grid expands to 150 trials, more than --max-trials 100"), refused.err());
        assertTrue(Files.notExists(dir.resolve("big")));
    }
}
