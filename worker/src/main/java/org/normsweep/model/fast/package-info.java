/**
 * Faster equivalents of DL4J layers that compute the same maths: {@link org.normsweep.model.fast.FastConvolution}
 * replaces DL4J's im2col convolution path with libnd4j's own ops on the CPU backend.
 */
package org.normsweep.model.fast;
