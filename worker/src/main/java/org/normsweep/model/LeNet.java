package org.normsweep.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.normsweep.trial.TrialSeeds;
import org.normsweep.trial.TrialSpec;

/**
 * LeNet-5 as in d2l and the seed notebooks: conv 6@5x5 pad 2, sigmoid, avg-pool 2; conv 16@5x5,
 * sigmoid, avg-pool 2; dense 120, sigmoid; dense 84, sigmoid; dense 10, softmax. With BN, a
 * BatchNormalization layer stands before each of the four sigmoids (BN layers 1..4); the spec's
 * exclusions remove single ones. Xavier-uniform weights, plain SGD, cross-entropy.
 *
 * <p>Each sigmoid is its own {@link ActivationLayer} so the probes can read its input and output.
 */
public final class LeNet {
    private static final int SIDE = 28;

    private LeNet() {
    }

    public static BuiltNetwork build(TrialSpec spec) {
        List<Layer> layers = new ArrayList<>();
        List<ActivationSite> sites = new ArrayList<>();

        layers.add(new ConvolutionLayer.Builder(5, 5).name("conv1").nIn(1).nOut(6).padding(2, 2)
                .activation(Activation.IDENTITY).build());
        sigmoidBlock(spec, 1, "conv1", layers, sites);
        layers.add(avgPool("pool1"));

        layers.add(new ConvolutionLayer.Builder(5, 5).name("conv2").nOut(16)
                .activation(Activation.IDENTITY).build());
        sigmoidBlock(spec, 2, "conv2", layers, sites);
        layers.add(avgPool("pool2"));

        layers.add(new DenseLayer.Builder().name("fc1").nOut(120).activation(Activation.IDENTITY).build());
        sigmoidBlock(spec, 3, "fc1", layers, sites);

        layers.add(new DenseLayer.Builder().name("fc2").nOut(84).activation(Activation.IDENTITY).build());
        sigmoidBlock(spec, 4, "fc2", layers, sites);

        layers.add(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(10)
                .activation(Activation.SOFTMAX).build());

        NeuralNetConfiguration.ListBuilder conf = new NeuralNetConfiguration.Builder()
                .seed(TrialSeeds.weights(spec.seed()))
                .dataType(DataType.FLOAT)
                .updater(new Sgd(spec.lr()))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list();
        for (Layer layer : layers) {
            conf.layer(layer);
        }
        conf.setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1));
        MultiLayerNetwork net = new MultiLayerNetwork(conf.build());
        net.init();
        return new BuiltNetwork(net, sites);
    }

    private static void sigmoidBlock(TrialSpec spec, int bnLayer, String block, List<Layer> layers,
                                     List<ActivationSite> sites) {
        if (spec.hasBn(bnLayer)) {
            layers.add(new BatchNormalization.Builder().name("bn" + bnLayer).build());
        }
        sites.add(new ActivationSite(bnLayer, block, layers.size()));
        layers.add(new ActivationLayer.Builder().name("sigmoid" + bnLayer).activation(Activation.SIGMOID).build());
    }

    private static SubsamplingLayer avgPool(String name) {
        return new SubsamplingLayer.Builder(PoolingType.AVG).name(name).kernelSize(2, 2).stride(2, 2).build();
    }
}
