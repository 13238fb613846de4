package org.normsweep.model;

/**
 * One BN layer present in a network.
 *
 * @param layer      1-based BN layer number (network order, the numbering {@code bn_exclude} uses)
 * @param name       the block it normalises, e.g. {@code conv1}
 * @param layerIndex index of the BN layer in the DL4J network
 */
public record BnSite(int layer, String name, int layerIndex) {}
