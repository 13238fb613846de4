package org.normsweep.model.fast;

import java.util.Arrays;
import java.util.Collection;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.normsweep.model.LayerWiring;

/**
 * A 2-D convolution with the parameters, initialisation and maths of DL4J's {@link ConvolutionLayer}, run by
 * {@link FastConvolutionLayer} through libnd4j's {@code conv2d} op and one matrix product per gradient instead of
 * DL4J's permuted im2col path (about 4x slower on the CPU, STACK.md).
 *
 * <p>Only what the models here use is supported, and checked when the layer is built: NCHW data, identity
 * activation (activations are separate layers), truncate mode, dilation 1. The no-argument constructor is for
 * DL4J's Jackson (de)serialization and {@code clone()}.
 */
public class FastConvolution extends ConvolutionLayer {

    public FastConvolution() {}

    private FastConvolution(Builder builder) {
        super(builder);
        if (!(getActivationFn() instanceof ActivationIdentity)
                || getCnn2dDataFormat() != CNN2DFormat.NCHW
                || getConvolutionMode() == ConvolutionMode.Same
                || Arrays.stream(getDilation()).anyMatch(d -> d != 1)) {
            throw new IllegalArgumentException("FastConvolution " + getLayerName() + " supports NCHW, identity"
                    + " activation, no 'Same' mode and dilation 1; found " + getCnn2dDataFormat() + ", "
                    + getActivationFn() + ", " + getConvolutionMode() + ", dilation " + Arrays.toString(getDilation()));
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDataType) {
        if (nIn <= 0 || nOut <= 0) {
            throw new IllegalStateException("FastConvolution " + layerName + " (layer " + layerIndex
                    + ") has no channel counts: build the network with setInputType(...) or set nIn/nOut");
        }
        return LayerWiring.wire(
                new FastConvolutionLayer(conf, networkDataType),
                conf,
                initializer(),
                listeners,
                layerIndex,
                paramsView,
                initializeParams);
    }

    @Override
    public FastConvolution clone() {
        return (FastConvolution) super.clone();
    }

    /** DL4J's convolution builder, building a {@link FastConvolution}. */
    public static class Builder extends ConvolutionLayer.Builder {
        public Builder(int... kernelSize) {
            super(kernelSize);
        }

        @Override
        @SuppressWarnings("unchecked")
        public FastConvolution build() {
            ConvolutionUtils.validateConvolutionModePadding(convolutionMode, padding);
            ConvolutionUtils.validateCnnKernelStridePadding(kernelSize, stride, padding);
            return new FastConvolution(this);
        }
    }
}
