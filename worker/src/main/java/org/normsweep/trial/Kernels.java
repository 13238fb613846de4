package org.normsweep.trial;

/**
 * Which code computes the convolution and DL4J batch-norm layers: the same maths either way (tested against each
 * other), at different speeds. See the {@code model.fast} package.
 */
public enum Kernels {
    /** Normsweep's CPU kernels (FastConvolution, FastBatchNorm); the default, several times faster. */
    FAST,
    /** DL4J's own ConvolutionLayer and BatchNormalization code. */
    DL4J
}
