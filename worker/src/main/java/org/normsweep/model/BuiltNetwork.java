package org.normsweep.model;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.normsweep.trial.Activation;

/** An initialised network, its activation function, the activation sites its probes read and its BN layers. */
public record BuiltNetwork(MultiLayerNetwork network, Activation activation, List<ActivationSite> sites,
                           List<BnSite> bnLayers) {
    public BuiltNetwork {
        sites = List.copyOf(sites);
        bnLayers = List.copyOf(bnLayers);
    }
}
