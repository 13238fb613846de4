package org.normsweep.trial;

/**
 * Which layers lose their bias when a BN layer follows them (seed 001 Q1: BN subtracts the batch mean,
 * so a bias in front of it has no effect). Layers without a BN after them keep their bias.
 */
public enum BiasRemoval {
    NONE,
    CONV,
    LINEAR,
    ALL;

    /** Whether a layer of this kind ({@code conv} true, dense false) that feeds a BN layer drops its bias. */
    public boolean removes(boolean conv) {
        return this == ALL || (conv ? this == CONV : this == LINEAR);
    }
}
