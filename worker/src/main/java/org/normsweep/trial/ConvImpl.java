package org.normsweep.trial;

/** Which implementation of the convolution layers a network uses (same maths; see FastConvolution). */
public enum ConvImpl {
    /** Libnd4j's conv2d op and one matrix product per gradient (the default; about 4x faster on the CPU). */
    FAST,
    /** DL4J's {@code ConvolutionLayer} (its im2col path). */
    DL4J
}
