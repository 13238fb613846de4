package org.normsweep.trial;

/** Which implementation of batch normalization a network uses. */
public enum BnImpl {
    /** DL4J's {@code BatchNormalization} layer. */
    DL4J,
    /** The layer written here after seed 003's {@code batch_norm} (momentum 0.1, eps 1e-5). */
    SCRATCH
}
