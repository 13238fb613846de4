package org.normsweep.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every layer configuration of ours does in DL4J's {@code instantiate}: hand the new running layer its
 * listeners, index, parameter view and parameters (from {@code params}, initialised when {@code initialize}).
 */
public final class LayerWiring {
    private LayerWiring() {}

    public static <L extends Layer> L wire(
            L layer,
            NeuralNetConfiguration conf,
            ParamInitializer params,
            Collection<TrainingListener> listeners,
            int index,
            INDArray paramsView,
            boolean initialize) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(params.init(conf, paramsView, initialize));
        layer.setConf(conf);
        return layer;
    }
}
