package org.normsweep.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.normsweep.result.TrialResult;
import org.normsweep.train.Devices;
import org.normsweep.train.EpochPrefix;
import org.normsweep.train.TrainingProgress;
import org.normsweep.trial.TrainingGroup;

/**
 * What an executor runs for one Spark task: one training run (a trial, or a group folded over epochs, one
 * result per member), with ND4J pinned to the task's share of the
 * cores ({@code spark.task.cpus}). Only the small trial specs travel here; the dataset is read
 * from its path or Hadoop URI through the executor's cache. With {@link RunningTrials} (this task's copy of the
 * accumulator), each epoch's end is recorded there for the driver's view of running trials.
 */
final class TrialTask implements Function<TrainingGroup, List<TrialResult>> {
    private final RunningTrials running;

    /** @param running where to record each epoch's end, or null not to */
    TrialTask(RunningTrials running) {
        this.running = running;
    }

    @Override
    public List<TrialResult> call(TrainingGroup group) {
        HadoopDatasetFiles.install();
        TaskContext task = TaskContext.get();
        int threads = task == null ? 1 : Math.max(1, task.cpus());
        TrainingProgress progress = running == null ? TrainingProgress.NONE : running.recorder(group.leader());
        return new ArrayList<>(EpochPrefix.runGroup(group, threads, device(task), progress));
    }

    /** {@code gpu:N} when Spark's resource scheduling gave this task a GPU, else {@code cpu}. */
    static String device(TaskContext task) {
        if (task == null) {
            return Devices.CPU;
        }
        scala.Option<org.apache.spark.resource.ResourceInformation> gpu =
                task.resources().get("gpu");
        if (gpu.isEmpty() || gpu.get().addresses().length == 0) {
            return Devices.CPU;
        }
        return Devices.gpu(gpu.get().addresses()[0]);
    }
}
