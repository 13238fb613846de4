package org.normsweep.model;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** An initialised network and the activation sites its probes read. */
public record BuiltNetwork(MultiLayerNetwork network, List<ActivationSite> sites) {
    public BuiltNetwork {
        sites = List.copyOf(sites);
    }
}
