package org.normsweep.spark;

import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads {@link RunningTrials} out of the executors' heartbeats on the driver (Spark posts each heartbeat's accumulator
 * values of running tasks as a {@link SparkListenerExecutorMetricsUpdate}) and hands each {@link RunningTrial} on.
 * Called on Spark's listener thread, so {@code heard} is quick. Driver-only.
 */
final class RunningTrialsListener extends SparkListener {
    private final long accumulatorId;
    private final Consumer<RunningTrial> heard;

    RunningTrialsListener(long accumulatorId, Consumer<RunningTrial> heard) {
        this.accumulatorId = accumulatorId;
        this.heard = heard;
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (var task : CollectionConverters.asJava(update.accumUpdates())) {
            for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
                if (info.id() == accumulatorId
                        && info.update().isDefined()
                        && info.update().get() instanceof Map<?, ?> trials) {
                    for (Object t : trials.values()) {
                        if (t instanceof RunningTrial trial) {
                            heard.accept(trial);
                        }
                    }
                }
            }
        }
    }
}
