package org.normsweep.trial;

/** What a BN layer computes and learns (seed 001 Q4 and Q5). */
public enum BnVariant {
    /** gamma * (x - mean) / std + beta, gamma and beta learned. */
    FULL,
    /** (x - mean) / std: no gamma and beta at all ({@code affine=False}). */
    NO_AFFINE,
    /** gamma kept at 1, beta learned (the notebook's {@code requires_grad=False} on the weight). */
    FREEZE_GAMMA,
    /** beta kept at 0, gamma learned. */
    FREEZE_BETA,
    /** both kept at 1 and 0: numerically {@code no_affine}, as the notebook froze them. */
    FREEZE_BOTH,
    /** gamma * (x - mean) + beta: "lite" BN that only centres (from-scratch implementation only). */
    MEAN_ONLY,
    /** gamma * x / std + beta: "lite" BN that only scales (from-scratch implementation only). */
    STD_ONLY;

    public boolean freezesGamma() {
        return this == FREEZE_GAMMA || this == FREEZE_BOTH;
    }

    public boolean freezesBeta() {
        return this == FREEZE_BETA || this == FREEZE_BOTH;
    }

    /** DL4J's layer cannot compute it; it needs {@link BnImpl#SCRATCH}. */
    public boolean needsScratch() {
        return this == MEAN_ONLY || this == STD_ONLY;
    }
}
