package org.normsweep.train;

/**
 * Seed 002's early stopping: stop when the validation loss has not improved for {@code patience}
 * epochs in a row. The trial reports the best epoch's numbers ({@code TrialResult#reportedEpoch()}); the
 * network keeps the last epoch's weights (they are not restored).
 */
final class EarlyStopping {
    private final int patience;
    private double best = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int sinceBest;

    /** @param patience 0 turns early stopping off */
    EarlyStopping(int patience) {
        this.patience = patience;
    }

    /** Records epoch {@code epoch}'s validation loss; true when training should stop now. */
    boolean shouldStop(int epoch, double validationLoss) {
        if (validationLoss < best) {
            best = validationLoss;
            bestEpoch = epoch;
            sinceBest = 0;
        } else {
            sinceBest++;
        }
        return patience > 0 && sinceBest >= patience;
    }

    /** The epoch with the lowest validation loss so far (0 before any). */
    int bestEpoch() {
        return bestEpoch;
    }
}
