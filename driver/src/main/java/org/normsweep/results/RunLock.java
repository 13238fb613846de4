package org.normsweep.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per results directory: a lock file created exclusively ({@link LockStore}: O_EXCL on local disk,
 * atomic create on HDFS, a conditional write on S3), refreshed every {@link #HEARTBEAT_SECONDS} while the run lives
 * and deleted when it ends. A lock not refreshed for {@link #STALE_SECONDS}, or whose process on this host is gone,
 * belonged to a driver that died; the next run takes it over, atomically, so of two runs that try at once one wins.
 * A run whose lock was taken over (it stalled past the stale age) learns it at its next refresh or
 * {@link #check()} and writes nothing more. Creating the lock is also the check that the results directory can be
 * written, before any trial runs. Driver-only.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = "_normsweep_run.lock";
    static final long HEARTBEAT_SECONDS = 30;
    static final long STALE_SECONDS = 300;
    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
    private static final Pattern HOLDER = Pattern.compile("on (\\S+) pid (\\d+)");

    private final LockStore store;
    private final String resultsDir;
    private final String holder;
    private final ScheduledExecutorService heartbeat;
    private LockStore.Seen mine;
    private long refreshedAt;
    private String lost;
    private boolean released;

    private RunLock(LockStore store, String resultsDir, String holder, LockStore.Seen mine) {
        this.store = store;
        this.resultsDir = resultsDir;
        this.holder = holder;
        this.mine = mine;
        this.refreshedAt = System.currentTimeMillis();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "normsweep-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::refresh, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** Takes the lock of {@code resultsDir}, or explains why not; a store that cannot make it exclusive is refused. */
    public static RunLock acquire(Configuration conf, String resultsDir, String runId) {
        return acquire(conf, resultsDir, runId, false, STALE_SECONDS);
    }

    /**
     * As {@link #acquire(Configuration, String, String)}; {@code byConvention} accepts a store on which the lock
     * cannot be exclusive (one writer at a time is then the user's promise).
     */
    public static RunLock acquire(Configuration conf, String resultsDir, String runId, boolean byConvention) {
        return acquire(conf, resultsDir, runId, byConvention, STALE_SECONDS);
    }

    static RunLock acquire(
            Configuration conf, String resultsDir, String runId, boolean byConvention, long staleSeconds) {
        Path dir = new Path(resultsDir);
        Path path = new Path(dir, FILE);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            LockStore store = LockStore.of(fs, path);
            if (store == null && !byConvention) {
                throw new ResultsLockedException("results directory " + resultsDir + " is on a store ("
                        + fs.getScheme() + "://) where Normsweep cannot make its run lock exclusive (it can on"
                        + " file://, hdfs:// and s3a://); two runs started at once there could write the same"
                        + " trials. Use one of those stores, or pass --lock-by-convention if you make sure only one"
                        + " run at a time uses this directory");
            }
            if (store == null) {
                LOG.warn(
                        "the run lock of {} is not exclusive on {}:// (--lock-by-convention)",
                        resultsDir,
                        fs.getScheme());
                store = new LockStore.Atomic(fs, path);
            }
            fs.mkdirs(dir);
            String holder = "run " + runId + " on " + InetAddress.getLocalHost().getHostName() + " pid "
                    + ManagementFactory.getRuntimeMXBean().getPid();
            String text = text(holder);
            if (!store.createIfAbsent(text)) {
                LockStore.Seen other = store.read();
                if (other != null) {
                    long ageSeconds = (System.currentTimeMillis() - other.modified()) / 1000;
                    String otherHolder = firstLine(other.text());
                    if (ageSeconds < staleSeconds && !deadOnThisHost(otherHolder)) {
                        throw inUse(resultsDir, otherHolder, ageSeconds);
                    }
                    LOG.warn(
                            "taking over the lock of {}: its run ({}) stopped refreshing it {} s ago",
                            resultsDir,
                            otherHolder,
                            ageSeconds);
                }
                boolean taken = other == null ? store.createIfAbsent(text) : store.replace(other, text);
                if (!taken) {
                    LockStore.Seen winner = store.read();
                    for (int i = 0; winner == null && i < 10; i++) {
                        Thread.sleep(
                                50); // the winner of a take-over is between moving the old lock and writing its own
                        winner = store.read();
                    }
                    throw inUse(
                            resultsDir,
                            winner == null ? "another run" : firstLine(winner.text()),
                            winner == null ? 0 : (System.currentTimeMillis() - winner.modified()) / 1000);
                }
            }
            LockStore.Seen mine = store.read();
            if (mine == null || !mine.text().equals(text)) {
                throw inUse(resultsDir, mine == null ? "another run" : firstLine(mine.text()), 0);
            }
            return new RunLock(store, resultsDir, holder, mine);
        } catch (ResultsLockedException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException e) {
            throw new ResultsLockedException("results directory " + resultsDir + " cannot be written: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResultsLockedException("interrupted while taking the run lock of " + resultsDir, e);
        }
    }

    private static ResultsLockedException inUse(String resultsDir, String holder, long ageSeconds) {
        return new ResultsLockedException(resultsDir + " is in use by another run (" + holder + ", alive " + ageSeconds
                + " s ago); wait for it to finish, or use another --results directory");
    }

    /** The lock file's text: the holder, then when it was written, so every refresh is a new version on S3. */
    private static String text(String holder) {
        return holder + "\nrefreshed " + System.currentTimeMillis() + "\n";
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text.strip() : text.substring(0, nl).strip();
    }

    /** True when {@code holder} ("run R on HOST pid P") names this host and P is no longer running. */
    static boolean deadOnThisHost(String holder) {
        Matcher m = HOLDER.matcher(holder);
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

    /** Refreshes the lock, compare-and-swap on S3; marks it lost when another run has it now. */
    synchronized void refresh() {
        if (released || lost != null) {
            return;
        }
        try {
            LockStore.Seen now = store.refresh(mine, text(holder));
            if (now == null) {
                LockStore.Seen other = store.read();
                lost = "the run lock of " + resultsDir + " was taken over by another run ("
                        + (other == null ? "none holds it now" : firstLine(other.text()))
                        + ") while this run stalled; this run stops without writing more results";
                LOG.error(lost);
                return;
            }
            mine = now;
            refreshedAt = System.currentTimeMillis();
        } catch (IOException e) {
            LOG.warn("cannot refresh the run lock of {}: {}", resultsDir, e.toString());
        }
    }

    /**
     * Throws unless this run still holds the lock: called before each write of results, so a run that stalled past
     * the stale age (and may have been taken over) refreshes first and stops if it lost the lock.
     */
    public synchronized void check() {
        if (System.currentTimeMillis() - refreshedAt > HEARTBEAT_SECONDS * 1000) {
            refresh();
        }
        if (lost != null) {
            throw new ResultsLockedException(lost);
        }
        long silent = (System.currentTimeMillis() - refreshedAt) / 1000;
        if (silent >= STALE_SECONDS) {
            throw new ResultsLockedException("the run lock of " + resultsDir + " could not be refreshed for " + silent
                    + " s, so another run may have taken it over; this run stops without writing more results");
        }
    }

    /**
     * Stops the heartbeat and deletes the lock file, once: a run's shutdown hook (SIGINT, SIGTERM) and the run itself
     * may both release it, and whichever comes second returns when the file is gone. A lock taken over by another
     * run is left to that run.
     */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        heartbeat.shutdownNow();
        if (lost != null) {
            return;
        }
        try {
            store.deleteIfStillMine(mine);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the run lock " + store.path, e);
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
