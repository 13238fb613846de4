package org.normsweep.trial;

/** How conv and dense weights start (seed 002). Biases start at 0. */
public enum WeightInit {
    /** N(0, 1), as the notebook's RandomNormalInitializer. */
    NORMAL,
    ZEROS,
    /** N(0, 2 / (fan_in + fan_out)). */
    GLOROT_NORMAL,
    /** U(-a, a), a = sqrt(6 / (fan_in + fan_out)): d2l's and the seeds' default. */
    GLOROT_UNIFORM,
    /** N(0, 2 / fan_in). */
    HE_NORMAL,
    /** U(-a, a), a = sqrt(6 / fan_in). */
    HE_UNIFORM,
    /** U(-a, a), a = 1 / sqrt(fan_in): PyTorch's default for Linear and Conv2d, which seed 004 uses. */
    TORCH_DEFAULT
}
