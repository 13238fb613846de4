package org.normsweep.train;

import java.util.List;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.StepRecord;
import org.normsweep.trial.TrialSpec;

/**
 * Hears a trial's training as it goes, once per epoch, on the training thread: for a view of running trials (the
 * driver's live page), never for results, which are the {@link org.normsweep.result.TrialResult} alone. Called after
 * the epoch's evaluation and probe, outside the epoch's timings; an implementation keeps it short (it delays the
 * next epoch) and must not throw (a throw is logged and ignored: it never fails the trial).
 */
@FunctionalInterface
public interface TrainingProgress {
    /** Hears nothing. */
    TrainingProgress NONE = (spec, epoch, steps) -> {};

    /**
     * Epoch {@code epoch.epoch()} of {@code spec} ended.
     *
     * @param steps the loss of each of this epoch's steps, in order (a read-only view, valid during the call)
     */
    void epochEnded(TrialSpec spec, EpochRecord epoch, List<StepRecord> steps);
}
