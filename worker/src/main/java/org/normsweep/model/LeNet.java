package org.normsweep.model;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.normsweep.model.fast.FastConvolution;
import org.normsweep.trial.Kernels;
import org.normsweep.trial.TrialSpec;

/**
 * LeNet-5 as in d2l and the seed notebooks: conv 6@5x5 pad 2, act, avg-pool 2; conv 16@5x5, act,
 * avg-pool 2; dense 120, act; dense 84, act; dense 10, softmax (act: sigmoid unless the sweep says
 * relu). BN layers 1..4 stand before the four activations; the spec's exclusions remove single ones.
 * Dropout, when asked for, acts on the inputs of the last two dense layers.
 *
 * <p>Each activation is its own layer so the probes can read its input and output.
 */
public final class LeNet {
    private static final int SIDE = 28;

    private LeNet() {}

    public static BuiltNetwork build(TrialSpec spec) {
        NetworkParts parts = new NetworkParts(spec);
        parts.add(conv(spec)
                .name("conv1")
                .nIn(1)
                .nOut(6)
                .padding(2, 2)
                .hasBias(parts.hasBias(1, true))
                .activation(Activation.IDENTITY)
                .build());
        parts.normalisedActivation(1, "conv1");
        parts.add(avgPool("pool1"));

        parts.add(conv(spec)
                .name("conv2")
                .nOut(16)
                .hasBias(parts.hasBias(2, true))
                .activation(Activation.IDENTITY)
                .build());
        parts.normalisedActivation(2, "conv2");
        parts.add(avgPool("pool2"));

        parts.add(new DenseLayer.Builder()
                .name("fc1")
                .nOut(120)
                .hasBias(parts.hasBias(3, false))
                .activation(Activation.IDENTITY)
                .build());
        parts.normalisedActivation(3, "fc1");

        parts.add(parts.withDropout(new DenseLayer.Builder())
                .name("fc2")
                .nOut(84)
                .hasBias(parts.hasBias(4, false))
                .activation(Activation.IDENTITY)
                .build());
        parts.normalisedActivation(4, "fc2");

        parts.add(parts.withDropout(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT))
                .name("out")
                .nOut(10)
                .activation(Activation.SOFTMAX)
                .build());
        return parts.build(InputType.convolutionalFlat(SIDE, SIDE, 1));
    }

    /** A 5x5 convolution, DL4J's layer or the faster one with the same maths (setting {@code kernels}). */
    private static ConvolutionLayer.Builder conv(TrialSpec spec) {
        return spec.kernels() == Kernels.FAST ? new FastConvolution.Builder(5, 5) : new ConvolutionLayer.Builder(5, 5);
    }

    private static SubsamplingLayer avgPool(String name) {
        return new SubsamplingLayer.Builder(PoolingType.AVG)
                .name(name)
                .kernelSize(2, 2)
                .stride(2, 2)
                .build();
    }
}
