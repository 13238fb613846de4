package org.normsweep.result;

import java.io.Serializable;

/**
 * One epoch's summary.
 *
 * @param epoch        1-based
 * @param trainLoss    mean of the epoch's step losses
 * @param testLoss     mean cross-entropy on the test split, inference mode (BN running statistics)
 * @param testAccuracy top-1 accuracy on the test split, inference mode
 * @param seconds      wall time of the epoch's training steps and evaluation
 */
public record EpochRecord(int epoch, double trainLoss, double testLoss, double testAccuracy, double seconds)
        implements Serializable {
}
