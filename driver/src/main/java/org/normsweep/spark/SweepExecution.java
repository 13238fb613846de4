package org.normsweep.spark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.trial.TrainingGroup;
import org.normsweep.trial.TrialSpec;

/**
 * Runs a sweep's trials on Spark, one Spark task (and job) per training run (a trial, or with epoch-axis folding
 * the trials that differ only in epochs), as many at once as the cluster
 * has task slots, and appends each trial's results to Parquet as soon as it arrives (written by the
 * driver without a Spark job, so never waiting behind running trials), so a killed driver loses only the
 * trials in flight. {@link #stop} ends a run early (from a shutdown hook) without recording the trials in flight.
 * Driver-only: NOT meant to be serialized.
 */
public final class SweepExecution {
    /** Put on the queue of results by {@link #stop}: the consumer writes what is ahead of it, then returns. */
    private static final Object STOP = new Object();

    private final SparkSession spark;
    private final Consumer<List<TrialResult>> results;
    private final Listener progress;
    private final boolean followRunning;
    private final BlockingQueue<Object> done = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    // Guarded by this: whether stop() was called, whether run() is consuming results, and the counts stop() reports.
    private boolean stopping;
    private boolean running;
    private int submitted;
    private int recorded;

    /**
     * @param results takes each trial's result as it arrives (the result store appends it)
     * @param progress hears how the run goes (the command line shows it)
     */
    public SweepExecution(SparkSession spark, Consumer<List<TrialResult>> results, Listener progress) {
        this(spark, results, progress, false);
    }

    /**
     * As {@link #SweepExecution(SparkSession, Consumer, Listener)}; with {@code followRunning}, {@code progress} also
     * hears running trials' epochs ({@link Listener#trialProgress}), from the executors' heartbeats.
     */
    public SweepExecution(
            SparkSession spark, Consumer<List<TrialResult>> results, Listener progress, boolean followRunning) {
        this.spark = spark;
        this.results = results;
        this.progress = progress;
        this.followRunning = followRunning;
    }

    /**
     * What a run reports while it goes, for the command line to show. Called from several driver threads at once
     * (one per submitted training run, plus the one collecting results), so implementations are thread-safe. Every
     * method does nothing unless overridden.
     */
    public interface Listener {
        /** A line of information about the run as a whole. */
        default void message(String line) {}

        /** Training starts: {@code trials} trials in {@code runs} training runs, {@code slots} at a time at most. */
        default void started(int trials, int runs, int slots) {}

        /** A training run was submitted to Spark (it may wait for a free task slot). */
        default void runStarted() {}

        /** A training run ended after {@code seconds} of training (its trials' results follow). */
        default void runEnded(double seconds) {}

        /** A trial's result was recorded. */
        default void trialFinished(TrialResult result) {}

        /** Every trial has a result. */
        default void finished() {}

        /**
         * A running trial's epochs so far, as its executor's latest heartbeat carried them (every
         * {@code spark.executor.heartbeatInterval}): it may arrive after the trial's result, which then stands.
         * Heard on Spark's listener thread, so quick.
         */
        default void trialProgress(RunningTrial trial) {}
    }

    /**
     * Counts of trials by how they ended; {@code interrupted} when {@link #stop} ended the run before every trial had
     * a result.
     */
    public record Summary(Map<TrialStatus, Integer> counts, List<TrialResult> notCompleted, boolean interrupted) {
        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** What {@link #stop} found: trials this run recorded, and trials handed to Spark whose result was not. */
    public record Stopped(int finished, int inFlight) {}

    /**
     * Runs each group's training once, as one Spark task, and records a result for every member; once only. Returns
     * early, {@link Summary#interrupted()}, when {@link #stop} is called.
     */
    public Summary run(List<TrainingGroup> groups) {
        synchronized (this) {
            if (running || ended.getCount() == 0) {
                throw new IllegalStateException("a SweepExecution runs once");
            }
            if (stopping) {
                ended.countDown();
                return new Summary(new EnumMap<>(TrialStatus.class), List.of(), true);
            }
            running = true;
        }
        try {
            return consume(groups);
        } finally {
            synchronized (this) {
                running = false;
            }
            ended.countDown();
        }
    }

    /**
     * Ends the run early, for a shutdown hook that runs before Spark stops (SIGINT, SIGTERM): no further training run
     * is submitted; trials that have already arrived trained are written; what arrives from now on, and a failed
     * Spark job not yet written, is dropped (the jobs Spark is about to cancel fail for that, not for their trials).
     * The trials in flight thus have no row, and a resumed run trains them again. Waits up to {@code timeout} for
     * {@link #run} to return.
     */
    public Stopped stop(Duration timeout) {
        synchronized (this) {
            stopping = true;
            if (!running) {
                return new Stopped(recorded, submitted - recorded);
            }
            done.add(STOP);
        }
        try {
            ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller's own deadline: report what is recorded so far
        }
        synchronized (this) {
            return new Stopped(recorded, submitted - recorded);
        }
    }

    /** Counts {@code group} as handed to Spark, unless the run is stopping (then it is not submitted). */
    private synchronized boolean submitting(TrainingGroup group) {
        if (stopping) {
            return false;
        }
        submitted += group.members().size();
        return true;
    }

    /** Whether {@link #stop} has been called. */
    public synchronized boolean stopRequested() {
        return stopping;
    }

    private Summary consume(List<TrainingGroup> groups) {
        int trials = groups.stream().mapToInt(g -> g.members().size()).sum();
        if (groups.isEmpty()) {
            progress.message("normsweep: nothing to run");
            return new Summary(new EnumMap<>(TrialStatus.class), List.of(), false);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // The SparkContext's setting, the one its scheduler uses.
        int taskCpus = jsc.getConf().getInt("spark.task.cpus", 1);
        int slots = Math.max(1, jsc.defaultParallelism() / taskCpus);
        progress.message(String.format(
                "normsweep: %d trials in %d training runs (%d epochs) on %s, %d at a time," + " %d thread(s) each",
                trials,
                groups.size(),
                TrainingGroup.epochsTrained(groups),
                jsc.master(),
                Math.min(slots, groups.size()),
                taskCpus));
        progress.started(trials, groups.size(), slots);
        RunningTrials running = null;
        RunningTrialsListener heard = null;
        if (followRunning) {
            running = new RunningTrials();
            jsc.sc().register(running);
            heard = new RunningTrialsListener(running.id(), progress::trialProgress);
            spark.sparkContext().addSparkListener(heard);
        }
        try {
            return submitAndCollect(jsc, groups, trials, slots, running);
        } finally {
            if (heard != null) {
                spark.sparkContext().removeSparkListener(heard);
            }
        }
    }

    private Summary submitAndCollect(
            JavaSparkContext jsc, List<TrainingGroup> groups, int trials, int slots, RunningTrials running) {

        // One driver thread per task slot (plus one, so a slot never idles while a result is collected).
        ExecutorService submitters = Executors.newFixedThreadPool(Math.min(groups.size(), slots + 1), r -> {
            Thread t = new Thread(r, "normsweep-submit");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        for (TrainingGroup group : groups) {
            submitters.submit(() -> {
                if (!submitting(group)) {
                    return;
                }
                TrialSpec leader = group.leader();
                progress.runStarted();
                long r0 = System.nanoTime();
                try {
                    jsc.setJobDescription("trial " + leader.id() + " " + leader.label()
                            + (group.members().size() > 1
                                    ? " (+" + (group.members().size() - 1) + " folded)"
                                    : ""));
                    List<TrialResult> trained = jsc.parallelize(List.of(group), 1)
                            .map(new TrialTask(running))
                            .collect()
                            .get(0);
                    // The executor's training time, not the driver's wait, which includes queueing for a slot.
                    progress.runEnded(trained.stream()
                            .mapToDouble(TrialResult::wallSeconds)
                            .max()
                            .orElse(0));
                    done.addAll(trained);
                } catch (Throwable t) {
                    progress.runEnded((System.nanoTime() - r0) / 1e9);
                    group.members().forEach(spec -> done.add(new SparkFailure(spec, t)));
                }
            });
        }
        submitters.shutdown();

        Map<TrialStatus, Integer> counts = new EnumMap<>(TrialStatus.class);
        List<TrialResult> notCompleted = new ArrayList<>();
        try {
            for (int finished = 0; finished < trials; ) {
                Object next = done.take();
                if (next == STOP) {
                    return new Summary(counts, notCompleted, true);
                }
                if (next instanceof SparkFailure && stopRequested()) {
                    // A job cancelled as the driver shuts down: the trial did not fail, it was not finished.
                    continue;
                }
                TrialResult r = next instanceof SparkFailure f ? f.asResult() : (TrialResult) next;
                counts.merge(r.status(), 1, Integer::sum);
                if (r.status() != TrialStatus.COMPLETED) {
                    notCompleted.add(r);
                }
                results.accept(List.of(r));
                synchronized (this) {
                    recorded++;
                }
                finished++;
                progress.trialFinished(r);
            }
            submitters.awaitTermination(1, TimeUnit.MINUTES);
            progress.finished();
            progress.message(String.format("normsweep: trials took %.1f s", (System.nanoTime() - t0) / 1e9));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for trials", e);
        }
        return new Summary(counts, notCompleted, false);
    }

    /** A trial whose Spark task itself failed (after Spark's retries), recorded as a FAILED trial. */
    private record SparkFailure(TrialSpec spec, Throwable error) {
        TrialResult asResult() {
            String message = "Spark task failed: " + error.getClass().getSimpleName() + ": " + error.getMessage();
            return TrialResult.sparkTaskFailed(spec, message, System.currentTimeMillis());
        }
    }
}
