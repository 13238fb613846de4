package org.normsweep.model;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.normsweep.model.vector.VectorSlot;
import org.normsweep.trial.Activation;

/**
 * An initialised network, its activation function, the activation sites its probes read and its BN layers, and
 * the slot for the vector engine that trains it when {@code kernels: fast} can (see model.vector.VectorPath).
 */
public record BuiltNetwork(
        MultiLayerNetwork network,
        Activation activation,
        List<ActivationSite> sites,
        List<BnSite> bnLayers,
        VectorSlot vector) {
    public BuiltNetwork {
        sites = List.copyOf(sites);
        bnLayers = List.copyOf(bnLayers);
    }

    public BuiltNetwork(
            MultiLayerNetwork network, Activation activation, List<ActivationSite> sites, List<BnSite> bnLayers) {
        this(network, activation, sites, bnLayers, new VectorSlot());
    }
}
