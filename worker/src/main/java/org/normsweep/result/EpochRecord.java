package org.normsweep.result;

import java.io.Serializable;

/**
 * One epoch's summary.
 *
 * @param epoch                 1-based
 * @param trainLoss             mean of the epoch's step losses
 * @param testLoss              mean cross-entropy on the test split, eval mode (BN running statistics)
 * @param testAccuracy          top-1 accuracy on the test split, eval mode
 * @param testAccuracyTrainMode top-1 accuracy on the test split with BN using batch statistics (train mode)
 * @param valLoss               mean cross-entropy on the held-out validation images, eval mode (NaN without them)
 * @param valAccuracy           accuracy on them (NaN without them)
 * @param seconds               wall time of the epoch's training steps and evaluation (not its probe)
 * @param evalSeconds           the evaluation's share of {@code seconds}: test split in both modes, validation
 * @param probeSeconds          wall time of the probe after the epoch (activations, histograms, BN parameters)
 */
public record EpochRecord(
        int epoch,
        double trainLoss,
        double testLoss,
        double testAccuracy,
        double testAccuracyTrainMode,
        double valLoss,
        double valAccuracy,
        double seconds,
        double evalSeconds,
        double probeSeconds)
        implements Serializable {
    /** The same epoch with its timings zeroed: what two runs of one trial must agree on. */
    public EpochRecord withoutTimes() {
        return new EpochRecord(
                epoch, trainLoss, testLoss, testAccuracy, testAccuracyTrainMode, valLoss, valAccuracy, 0, 0, 0);
    }
}
