package org.normsweep.trial;

/** How the learning rate changes from epoch to epoch. */
public enum LrSchedule {
    /** The same lr every epoch. */
    CONSTANT,
    /**
     * Cosine annealing over the trial's epochs, stepped per epoch (PyTorch's {@code CosineAnnealingLR} with
     * {@code T_max = epochs}, {@code eta_min = 0}): epoch e (from 1) trains at lr * (1 + cos(pi (e-1) / epochs)) / 2.
     * It reads the total epoch count, so trials that differ in {@code epochs} cannot share a training run.
     */
    COSINE;

    /** The lr of epoch {@code epoch} (from 1) of {@code epochs}. */
    public double lr(double base, int epoch, int epochs) {
        return switch (this) {
            case CONSTANT -> base;
            case COSINE -> base * (1 + Math.cos(Math.PI * (epoch - 1) / epochs)) / 2;
        };
    }

    /** Whether an epoch's training depends on how many epochs the trial has in all. */
    public boolean readsEpochCount() {
        return this != CONSTANT;
    }
}
