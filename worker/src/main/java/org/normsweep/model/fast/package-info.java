/**
 * Faster CPU code for DL4J layers, with the same maths (setting {@code kernels: fast}): {@link
 * org.normsweep.model.fast.FastConvolution} and {@link org.normsweep.model.fast.FastBatchNorm}. Part of the model
 * stage; imports DL4J/ND4J only.
 */
package org.normsweep.model.fast;
