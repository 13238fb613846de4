package org.normsweep.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.StepRecord;

/**
 * What a running trial has trained so far, as its executor last reported it: per epoch its test accuracy and
 * training loss, and its per-step training loss as bucket means, at most {@link #STEP_POINTS} points over the whole
 * trial (the epoch's share of them, so a long trial stays a few kilobytes in each heartbeat). Immutable: each epoch
 * makes a new one, which the executor's heartbeat thread may read while training goes on.
 *
 * @param trialId the training run's leader (the trial that trains; trials folded into it finish from its result)
 * @param epochsTotal the epochs it will train
 * @param epochs one point per epoch ended, in order
 * @param steps bucket means of the step losses, in order
 */
public record RunningTrial(String trialId, int epochsTotal, List<EpochPoint> epochs, List<StepPoint> steps)
        implements Serializable {
    /** Points kept of a trial's per-step loss, all epochs together. */
    public static final int STEP_POINTS = 200;

    public RunningTrial {
        epochs = List.copyOf(epochs);
        steps = List.copyOf(steps);
    }

    /** An epoch's test accuracy (eval mode) and mean training loss. */
    public record EpochPoint(int epoch, double testAccuracy, double trainLoss) implements Serializable {}

    /** The mean loss of the steps from {@code step} on, to the next point's step. */
    public record StepPoint(int step, double loss) implements Serializable {}

    /** A trial that has ended no epoch yet. */
    public static RunningTrial starting(String trialId, int epochsTotal) {
        return new RunningTrial(trialId, epochsTotal, List.of(), List.of());
    }

    /** This trial with one more epoch: {@code epoch} and its {@code steps}, bucketed to the epoch's share of points. */
    public RunningTrial withEpoch(EpochRecord epoch, List<StepRecord> steps) {
        List<EpochPoint> e = new ArrayList<>(epochs);
        e.add(new EpochPoint(epoch.epoch(), epoch.testAccuracy(), epoch.trainLoss()));
        List<StepPoint> s = new ArrayList<>(this.steps);
        s.addAll(bucketMeans(steps, Math.max(1, STEP_POINTS / Math.max(1, epochsTotal))));
        return new RunningTrial(trialId, epochsTotal, e, s);
    }

    /** At most {@code points} means of consecutive steps, each named by its first step. */
    public static List<StepPoint> bucketMeans(List<StepRecord> steps, int points) {
        List<StepPoint> out = new ArrayList<>();
        int per = Math.max(1, (steps.size() + points - 1) / points);
        for (int i = 0; i < steps.size(); i += per) {
            double sum = 0;
            int end = Math.min(steps.size(), i + per);
            for (int j = i; j < end; j++) {
                sum += steps.get(j).loss();
            }
            out.add(new StepPoint(steps.get(i).step(), sum / (end - i)));
        }
        return out;
    }
}
