package org.normsweep.result;

import java.io.Serializable;
import java.util.List;
import org.normsweep.trial.TrialSpec;

/**
 * Everything one trial produced. Small: a few thousand step losses at most, so it travels back to
 * the driver as a task result.
 *
 * @param finalTrainLoss    the last epoch's mean training loss (NaN when no epoch finished)
 * @param finalTestAccuracy the last finished epoch's test accuracy (NaN when none finished)
 * @param error             null unless FAILED or DIVERGED: what happened and what to try
 * @param startMillis       epoch milliseconds
 */
public record TrialResult(TrialSpec spec, TrialStatus status, String error, double finalTrainLoss,
                          double finalTestAccuracy, double wallSeconds, String host, long startMillis,
                          long endMillis, Provenance provenance, List<EpochRecord> epochs, List<StepRecord> steps,
                          List<ActivationRecord> activations) implements Serializable {
    public TrialResult {
        epochs = List.copyOf(epochs);
        steps = List.copyOf(steps);
        activations = List.copyOf(activations);
    }
}
