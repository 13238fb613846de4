package org.normsweep.spark;

/**
 * Threads per trial x concurrent trials = cores, in local mode: with at least as many training runs as cores each
 * trial gets one thread (one trial per core, the fastest way through a sweep: ND4J scales poorly past one thread on
 * LeNet-sized layers); with fewer runs the cores are shared out among them. Results carry their thread count
 * ({@code trials.threads}): a different count changes the last bits of float sums.
 */
public final class TaskCpus {
    private TaskCpus() {}

    /** Threads per trial for {@code cores} cores and {@code runs} training runs. */
    public static int auto(int cores, int runs) {
        return Math.max(1, cores / Math.max(1, Math.min(runs, cores)));
    }

    /** The core count of a local master: {@code local} 1, {@code local[N]} / {@code local[N,F]} N, {@code local[*]} all. */
    static int localCores(String master) {
        if (master.equals("local")) {
            return 1;
        }
        String inside = master.substring(master.indexOf('[') + 1, master.indexOf(']'));
        String n = inside.split(",")[0].strip();
        return n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
    }
}
