package org.normsweep.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.normsweep.result.TrialResult;
import org.normsweep.train.TrialRunner;
import org.normsweep.trial.TrialSpec;

/**
 * What an executor runs for one Spark task: one trial, with ND4J pinned to the task's share of the
 * cores ({@code spark.task.cpus}). Only the small {@link TrialSpec} travels here; the dataset is read
 * from its path through the executor's cache.
 */
final class TrialTask implements Function<TrialSpec, TrialResult> {
    @Override
    public TrialResult call(TrialSpec spec) {
        TaskContext task = TaskContext.get();
        int threads = task == null ? 1 : Math.max(1, task.cpus());
        return TrialRunner.run(spec, threads);
    }
}
