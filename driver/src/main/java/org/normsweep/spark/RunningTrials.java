package org.normsweep.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;
import org.normsweep.train.TrainingProgress;
import org.normsweep.trial.TrialSpec;

/**
 * How running trials' progress reaches the driver, on a cluster as in local mode: a Spark accumulator that each
 * trial's task fills at every epoch end with a {@link RunningTrial}, and that the executor sends with its heartbeat
 * ({@code spark.executor.heartbeatInterval}; Spark sends a running task's accumulators, those not empty, with each),
 * where {@link RunningTrialsListener} reads it. Chosen over a socket of our own (a port to open, a protocol to secure)
 * and over the trials' log lines (which stay on the executors' machines): it rides a channel every executor already
 * has. Unnamed, so the Spark UI and event log leave it out.
 *
 * <p>The value is an immutable map, replaced whole at each epoch end: the heartbeat thread reads (and, on a
 * cluster, serializes) it while the task trains on. The driver's copy stays empty: {@link #merge} ignores the
 * copies that finished tasks return, since a finished trial's whole record arrives as its result.
 */
final class RunningTrials extends AccumulatorV2<RunningTrial, Map<String, RunningTrial>> {
    private volatile Map<String, RunningTrial> trials = Map.of();

    /** A recorder for the training run {@code leader} leads, adding to this (the task's) copy at each epoch end. */
    TrainingProgress recorder(TrialSpec leader) {
        RunningTrial[] sofar = {RunningTrial.starting(leader.id(), leader.epochs())};
        return (spec, epoch, steps) -> {
            sofar[0] = sofar[0].withEpoch(epoch, steps);
            add(sofar[0]);
        };
    }

    @Override
    public boolean isZero() {
        return trials.isEmpty();
    }

    @Override
    public AccumulatorV2<RunningTrial, Map<String, RunningTrial>> copy() {
        RunningTrials c = new RunningTrials();
        c.trials = trials;
        return c;
    }

    @Override
    public void reset() {
        trials = Map.of();
    }

    /** Replaces the trial's entry: each {@link RunningTrial} holds all its trial has trained so far. */
    @Override
    public synchronized void add(RunningTrial trial) {
        Map<String, RunningTrial> next = new LinkedHashMap<>(trials);
        next.put(trial.trialId(), trial);
        trials = Map.copyOf(next);
    }

    @Override
    public void merge(AccumulatorV2<RunningTrial, Map<String, RunningTrial>> other) {
        // Only finished tasks' copies are merged (on the driver): their trials' results say it all.
    }

    @Override
    public Map<String, RunningTrial> value() {
        return trials;
    }
}
