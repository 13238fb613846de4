package org.normsweep.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per results directory: a lock file created atomically (create without overwrite),
 * touched every {@link #HEARTBEAT_SECONDS} while the run lives and deleted when it ends. A lock whose last
 * touch is older than {@link #STALE_SECONDS}, or whose process on this host is gone, belonged to a driver
 * that died; the next run takes it over.
 * Creating it is also the check that the results directory can be written, before any trial runs.
 * Driver-only.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = "_normsweep_run.lock";
    static final long HEARTBEAT_SECONDS = 30;
    static final long STALE_SECONDS = 300;
    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

    private final FileSystem fs;
    private final Path path;
    private final ScheduledExecutorService heartbeat;
    private boolean released;

    private RunLock(FileSystem fs, Path path) {
        this.fs = fs;
        this.path = path;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "normsweep-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::touch, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** Takes the lock of {@code resultsDir}, or explains why not. */
    public static RunLock acquire(Configuration conf, String resultsDir, String runId) {
        Path dir = new Path(resultsDir);
        Path path = new Path(dir, FILE);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            fs.mkdirs(dir);
            if (fs.exists(path)) {
                FileStatus status = fs.getFileStatus(path);
                long ageSeconds = (System.currentTimeMillis() - status.getModificationTime()) / 1000;
                String holder = read(fs, path);
                if (ageSeconds < STALE_SECONDS && !deadOnThisHost(holder)) {
                    throw new ResultsLockedException(resultsDir + " is in use by another run (" + holder + ", alive "
                            + ageSeconds + " s ago); wait for it to finish, or use another --results directory");
                }
                LOG.warn(
                        "taking over the lock of {}: its run ({}) stopped touching it {} s ago",
                        resultsDir,
                        holder,
                        ageSeconds);
                fs.delete(path, false);
            }
            try (FSDataOutputStream out = fs.create(path, false)) {
                out.write(("run " + runId + " on " + InetAddress.getLocalHost().getHostName() + " pid "
                                + ManagementFactory.getRuntimeMXBean().getPid())
                        .getBytes(StandardCharsets.UTF_8));
            }
            return new RunLock(fs, path);
        } catch (ResultsLockedException e) {
            throw e;
        } catch (IOException e) {
            throw new ResultsLockedException("results directory " + resultsDir + " cannot be written: " + e, e);
        }
    }

    /** True when {@code holder} ("run R on HOST pid P") names this host and P is no longer running. */
    static boolean deadOnThisHost(String holder) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("on (\\S+) pid (\\d+)").matcher(holder);
        if (!m.find()) {
            return false;
        }
        try {
            return m.group(1).equals(InetAddress.getLocalHost().getHostName())
                    && ProcessHandle.of(Long.parseLong(m.group(2)))
                            .map(p -> !p.isAlive())
                            .orElse(true);
        } catch (IOException e) {
            return false;
        }
    }

    private void touch() {
        try {
            fs.setTimes(path, System.currentTimeMillis(), -1);
        } catch (IOException e) {
            LOG.warn("cannot touch the run lock {}: {}", path, e.toString());
        }
    }

    private static String read(FileSystem fs, Path path) throws IOException {
        try (var in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Stops the heartbeat and deletes the lock file, once: a run's shutdown hook (SIGINT, SIGTERM) and the run itself
     * may both release it, and whichever comes second returns when the file is gone.
     */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        heartbeat.shutdownNow();
        try {
            fs.delete(path, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the run lock " + path, e);
        }
    }

    /** The results directory is locked by a live run, or cannot be written. */
    public static final class ResultsLockedException extends RuntimeException {
        ResultsLockedException(String message) {
            super(message);
        }

        ResultsLockedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
