package org.normsweep.results;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;

/** Races acquisitions of one results directory's run lock from threads released at the same moment (any store). */
public final class RunLockRace {
    private RunLockRace() {}

    /** Races {@code runs} acquisitions; returns the locks won (the others were refused as "in use"). */
    public static List<RunLock> race(Configuration conf, String results, int runs) throws Exception {
        return race(conf, results, runs, RunLock.STALE_SECONDS);
    }

    static List<RunLock> race(Configuration conf, String results, int runs, long staleSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RunLock>> tries = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String id = "r" + i;
            tries.add(pool.submit(() -> {
                start.await();
                try {
                    return RunLock.acquire(conf, results, id, false, staleSeconds);
                } catch (RunLock.ResultsLockedException e) {
                    if (!e.getMessage().contains("is in use by another run (")) {
                        throw e;
                    }
                    return null;
                }
            }));
        }
        start.countDown();
        List<RunLock> won = new ArrayList<>();
        for (Future<RunLock> f : tries) {
            if (f.get() != null) {
                won.add(f.get());
            }
        }
        pool.shutdown();
        return won;
    }

    /** Takes the lock of {@code results} as if its holder were stale, compare-and-swap; null when another run won. */
    public static RunLock takeOver(Configuration conf, String results, String runId) {
        return RunLock.acquire(conf, results, runId, false, 0);
    }

    /** Runs {@code lock}'s heartbeat now (it runs every 30 s on its own). */
    public static void refreshNow(RunLock lock) {
        lock.refresh();
    }
}
