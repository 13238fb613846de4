package org.normsweep.model.fast;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.normsweep.model.LayerWiring;

/**
 * DL4J's {@link BatchNormalization} (same parameters, log10-std moving statistics, decay, eps and gradients, so
 * the same maths) run by {@link FastBatchNormLayer}: one fused pass per direction over a channel's values
 * instead of DL4J's dozen whole-tensor ND4J ops. The no-argument constructor is for DL4J's Jackson and clone().
 */
public class FastBatchNorm extends BatchNormalization {

    public FastBatchNorm() {}

    /** A layer named {@code name} with DL4J's {@code decay} (momentum 1 - decay) and {@code eps}. */
    public FastBatchNorm(String name, double decay, double eps, boolean lockGammaBeta) {
        setLayerName(name);
        setDecay(decay);
        setEps(eps);
        setLockGammaBeta(lockGammaBeta);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDataType) {
        if (nOut <= 0) {
            throw new IllegalStateException("FastBatchNorm " + layerName + " (layer " + layerIndex
                    + ") has no channel count: build the network with setInputType(...) or set nOut");
        }
        return LayerWiring.wire(
                new FastBatchNormLayer(conf, networkDataType),
                conf,
                initializer(),
                listeners,
                layerIndex,
                paramsView,
                initializeParams);
    }

    @Override
    public FastBatchNorm clone() {
        return (FastBatchNorm) super.clone();
    }
}
