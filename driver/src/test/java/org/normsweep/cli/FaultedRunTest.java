package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.results.RunLock;
import org.normsweep.testing.Cli;
import org.normsweep.testing.SparkTestBase;
import org.normsweep.testing.SyntheticIdx;

/**
 * A run that meets a full disk, a read-only results directory or an unreachable store ends on one screen with exit 4,
 * the stack trace in its trial log, the lock released and the rows written before intact; the same command then
 * resumes without training a finished trial again. The full disk and the read-only directory are real: a small
 * tmpfs (needs root or CAP_SYS_ADMIN; skipped otherwise), or for read-only without root, a directory without write
 * permission. The unreachable store is an hdfs:// address nothing listens on.
 */
class FaultedRunTest extends SparkTestBase {
    @TempDir
    static Path dir;

    static Path data;
    private final List<Path> mounts = new ArrayList<>();

    @BeforeAll
    static void data() throws IOException {
        data = SyntheticIdx.write(dir.resolve("data"), 64, 32, 4);
    }

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts) {
            command("umount", m.toString());
        }
    }

    private static Path sweep(int seeds) throws IOException {
        return Files.writeString(
                dir.resolve("faults-" + seeds + ".yaml"),
                "name: faults\nfixed: {model: mlp, dataset: s, dataset_path: '" + data
                        + "', batch_size: 32, probe_size: 8, epochs: 1}\ngrid: {seed: {from: 1, to: " + seeds + "}}\n");
    }

    private static Cli.Result run(int seeds, Path results) throws IOException {
        return Cli.run("run", sweep(seeds).toString(), "--results", results.toString(), "--master", "local[2]");
    }

    private static long sql(Path results, String query) {
        return (Long) scalar(query.replace("TABLE", "parquet.`" + results.resolve("trials") + "`"));
    }

    private static int command(String... args) throws IOException, InterruptedException {
        return new ProcessBuilder(args).redirectErrorStream(true).start().waitFor();
    }

    /** A tmpfs of {@code megabytes} at a new directory, or null where this user may not mount one. */
    private Path tmpfs(String name, int megabytes) throws Exception {
        Path mount = Files.createDirectories(dir.resolve(name));
        if (command("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", mount.toString()) != 0) {
            return null;
        }
        mounts.add(mount);
        return mount;
    }

    /** The fault's one screen: its first line starts with {@code first}; the trace is in the log it names. */
    private static void oneScreen(Cli.Result r, String first, Path results) throws IOException {
        String err = r.err().strip();
        assertEquals(Main.FAULT, r.exitCode(), r.out() + err);
        String line = err.lines()
                .filter(l -> l.startsWith("normsweep: run: "))
                .findFirst()
                .orElse("");
        assertTrue(line.startsWith(first), err);
        assertFalse(err.contains("\tat "), err);
        Matcher m = Pattern.compile("stack trace: (\\S+)").matcher(err);
        assertTrue(m.find(), err);
        assertTrue(Files.readString(Path.of(m.group(1))).contains("\tat "), "the trial log has the trace");
        assertTrue(Files.notExists(results.resolve(RunLock.FILE)), "the lock is released");
    }

    private static void resumes(int seeds, int done, Path results) throws IOException {
        Cli.Result again = run(seeds, results);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains(done + " of " + seeds + " trials already have a result"), again.out());
        assertEquals(seeds, sql(results, "SELECT count(*) FROM TABLE"), "no finished trial trained twice");
        assertEquals(seeds, sql(results, "SELECT count(DISTINCT trial_id) FROM TABLE"));
    }

    @Test
    void aFullDiskEndsTheRunOnOneScreenAndTheSameCommandResumes() throws Exception {
        Path mount = tmpfs("small", 4);
        assumeTrue(mount != null, "needs a tmpfs mount (root or CAP_SYS_ADMIN) for a real full disk");
        Path results = mount.resolve("results");
        assertEquals(0, run(2, results).exitCode());
        assertEquals(2, sql(results, "SELECT count(*) FROM TABLE"));

        // Leave 24 KiB: the lock and the plan fit (a 4 KiB page each, and one per checksum file), a trial's rows not.
        Path filler = mount.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            for (long left = Files.getFileStore(mount).getUsableSpace() - 24 * 1024; left > 0; left -= block.length) {
                out.write(block);
            }
        }
        Cli.Result full = run(4, results);
        oneScreen(full, "normsweep: run: no space left on the device: " + results, results);
        assertEquals(2, sql(results, "SELECT count(*) FROM TABLE"), "the rows written before stay");

        Files.delete(filler);
        resumes(4, 2, results);
        // A trial whose rows were cut short by the full disk left rows without a trials row: verify moves them aside.
        Cli.Result verify = Cli.run("verify", "--results", results.toString(), "--master", "local[2]", "--quarantine");
        assertEquals(0, verify.exitCode(), verify.out());
        assertEquals(4, sql(results, "SELECT count(*) FROM TABLE"));
    }

    @Test
    void aReadOnlyResultsDirectoryEndsTheRunOnOneScreenAndTheSameCommandResumes() throws Exception {
        boolean root = new String(
                        new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes())
                .strip()
                .equals("0");
        Path mount = root ? tmpfs("readonly", 8) : Files.createDirectories(dir.resolve("readonly"));
        assumeTrue(mount != null, "as root, only a read-only mount blocks writes, and this user cannot mount one");
        Path results = mount.resolve("results");
        assertEquals(0, run(2, results).exitCode());
        if (root) {
            assertEquals(0, command("mount", "-o", "remount,ro", mount.toString()));
        } else {
            Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        assertFalse(Files.isWritable(results), "the directory really is read-only");
        Cli.Result readOnly = run(3, results);
        oneScreen(readOnly, "normsweep: run: cannot write (read-only, no permission", results);
        assertTrue(readOnly.err().contains(root ? "Read-only file system" : "Permission denied"), readOnly.err());
        assertEquals(2, sql(results, "SELECT count(*) FROM TABLE"), "the rows written before stay");

        if (root) {
            assertEquals(0, command("mount", "-o", "remount,rw", mount.toString()));
        } else {
            Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        resumes(3, 2, results);
    }

    @Test
    void anUnreachableStoreEndsRunAndSqlOnOneScreen() throws IOException {
        // Hadoop's client retries a refused connection for about a minute by default; once is enough here.
        System.setProperty("spark.hadoop.ipc.client.connect.max.retries", "0");
        spark().stop(); // the commands' sessions must be new ones, which read that setting
        try {
            String store = "hdfs://127.0.0.1:1/normsweep/results";
            Cli.Result run = Cli.run("run", sweep(1).toString(), "--results", store, "--master", "local[2]");
            assertEquals(Main.FAULT, run.exitCode(), run.err());
            assertTrue(run.err().contains("normsweep: run: the results store cannot be reached: " + store), run.err());
            assertTrue(run.err().contains("ConnectException"), run.err());
            Cli.Result sql = Cli.run("sql", "--results", store, "--master", "local[2]", "SELECT 1");
            assertEquals(Main.FAULT, sql.exitCode(), sql.err());
            assertTrue(
                    sql.err().startsWith("normsweep: sql: the results store cannot be reached: " + store), sql.err());
            assertFalse(run.err().contains("\tat ") || sql.err().contains("\tat "));
        } finally {
            System.clearProperty("spark.hadoop.ipc.client.connect.max.retries");
        }
    }
}
