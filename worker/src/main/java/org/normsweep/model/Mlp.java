package org.normsweep.model;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.normsweep.trial.TrialSpec;

/**
 * Seed 004's MLP: 784 -> dense 512 -> act -> dense 256 -> act -> dense 10, softmax (act: ReLU unless the
 * sweep says sigmoid), with BN layers 1 and 2 before the two activations. Dropout, when asked for, acts
 * on the inputs of the last two dense layers.
 */
public final class Mlp {
    private Mlp() {}

    public static BuiltNetwork build(TrialSpec spec) {
        NetworkParts parts = new NetworkParts(spec);
        parts.add(new DenseLayer.Builder()
                .name("fc1")
                .nIn(28 * 28)
                .nOut(512)
                .hasBias(parts.hasBias(1, false))
                .activation(Activation.IDENTITY)
                .build());
        parts.normalisedActivation(1, "fc1");
        parts.add(parts.withDropout(new DenseLayer.Builder())
                .name("fc2")
                .nOut(256)
                .hasBias(parts.hasBias(2, false))
                .activation(Activation.IDENTITY)
                .build());
        parts.normalisedActivation(2, "fc2");
        parts.add(parts.withDropout(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT))
                .name("out")
                .nOut(10)
                .activation(Activation.SOFTMAX)
                .build());
        return parts.build(InputType.feedForward(28 * 28));
    }
}
