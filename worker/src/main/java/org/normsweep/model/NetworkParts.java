package org.normsweep.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.normsweep.model.fast.FastBatchNorm;
import org.normsweep.model.scratch.ScratchBatchNorm;
import org.normsweep.trial.BnImpl;
import org.normsweep.trial.BnVariant;
import org.normsweep.trial.Kernels;
import org.normsweep.trial.TrialSeeds;
import org.normsweep.trial.TrialSpec;

/**
 * Collects a network's layers in order and builds it, with the pieces every model shares: the
 * "(BN) then activation" block, the global SGD/initialiser/weight-decay settings, and the sites
 * the probes read.
 */
final class NetworkParts {
    private final TrialSpec spec;
    private final List<Layer> layers = new ArrayList<>();
    private final List<ActivationSite> sites = new ArrayList<>();
    private final List<BnSite> bnLayers = new ArrayList<>();

    NetworkParts(TrialSpec spec) {
        this.spec = spec;
    }

    void add(Layer layer) {
        layers.add(layer);
    }

    /** Whether the conv/dense layer before BN layer {@code bnLayer} keeps its bias. */
    boolean hasBias(int bnLayer, boolean conv) {
        return !(spec.hasBn(bnLayer) && spec.biasRemoval().removes(conv));
    }

    /** Adds the spec's dropout to a layer's inputs (DL4J takes the probability of keeping an input). */
    <B extends Layer.Builder<B>> B withDropout(B builder) {
        if (spec.dropout() > 0) {
            builder.dropOut(1.0 - spec.dropout());
        }
        return builder;
    }

    /** BN layer {@code bnLayer} (unless excluded) and the activation after it, for block {@code block}. */
    void normalisedActivation(int bnLayer, String block) {
        if (spec.hasBn(bnLayer)) {
            bnLayers.add(new BnSite(bnLayer, block, layers.size()));
            layers.add(bn("bn" + bnLayer));
        }
        sites.add(new ActivationSite(bnLayer, block, layers.size()));
        Activation act =
                switch (spec.activation()) {
                    case SIGMOID -> Activation.SIGMOID;
                    case RELU -> Activation.RELU;
                };
        layers.add(new ActivationLayer.Builder()
                .name("act" + bnLayer)
                .activation(act)
                .build());
    }

    private Layer bn(String name) {
        BnVariant v = spec.bnVariant();
        if (spec.bnImpl() == BnImpl.SCRATCH) {
            ScratchBatchNorm.Mode mode =
                    switch (v) {
                        case NO_AFFINE -> ScratchBatchNorm.Mode.NO_AFFINE;
                        case MEAN_ONLY -> ScratchBatchNorm.Mode.MEAN_ONLY;
                        case STD_ONLY -> ScratchBatchNorm.Mode.STD_ONLY;
                        default -> ScratchBatchNorm.Mode.FULL;
                    };
            return new ScratchBatchNorm(name, mode);
        }
        // Running statistics as in PyTorch and seed 003: momentum 0.1 (DL4J's decay 0.9), eps 1e-5.
        if (spec.kernels() == Kernels.FAST) {
            return new FastBatchNorm(name, 0.9, 1e-5, v == BnVariant.NO_AFFINE);
        }
        return new BatchNormalization.Builder()
                .name(name)
                .decay(0.9)
                .eps(1e-5)
                .lockGammaBeta(v == BnVariant.NO_AFFINE)
                .build();
    }

    BuiltNetwork build(InputType input) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(TrialSeeds.weights(spec.seed()))
                .dataType(DataType.FLOAT)
                .weightInit(weightInit());
        TorchSgd.configure(base, spec);
        NeuralNetConfiguration.ListBuilder conf = base.list();
        for (Layer layer : layers) {
            conf.layer(layer);
        }
        conf.setInputType(input);
        MultiLayerNetwork net = new MultiLayerNetwork(conf.build());
        net.init();
        return new BuiltNetwork(net, spec.activation(), sites, bnLayers);
    }

    private IWeightInit weightInit() {
        return switch (spec.weightInit()) {
            case NORMAL -> new WeightInitDistribution(new NormalDistribution(0, 1));
            case ZEROS -> WeightInit.ZERO.getWeightInitFunction();
            case GLOROT_NORMAL -> WeightInit.XAVIER.getWeightInitFunction();
            case GLOROT_UNIFORM -> WeightInit.XAVIER_UNIFORM.getWeightInitFunction();
            case HE_NORMAL -> WeightInit.RELU.getWeightInitFunction();
            case HE_UNIFORM -> WeightInit.RELU_UNIFORM.getWeightInitFunction();
            case TORCH_DEFAULT -> new TorchDefaultInit();
        };
    }
}
