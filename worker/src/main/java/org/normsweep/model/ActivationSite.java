package org.normsweep.model;

/**
 * One nonlinearity in a network, where the probes measure: its input (the BN output, or the
 * conv/dense output where that BN layer is excluded) and its output.
 *
 * @param layer           1-based, network order; the same numbering as BN layers
 * @param name            the block it ends, e.g. {@code conv1} or {@code fc2}
 * @param activationIndex index of the activation layer in the DL4J network
 */
public record ActivationSite(int layer, String name, int activationIndex) {}
