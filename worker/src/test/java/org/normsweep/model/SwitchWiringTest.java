package org.normsweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.normsweep.model.scratch.ScratchBatchNorm;
import org.normsweep.testing.Specs;
import org.normsweep.trial.Activation;
import org.normsweep.trial.BiasRemoval;
import org.normsweep.trial.BnImpl;
import org.normsweep.trial.BnVariant;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;
import org.normsweep.trial.WeightInit;

/** Each switch a sweep can vary changes the network the way it says (one build per switch, no training). */
class SwitchWiringTest {
    static final Path NO_DATA = Path.of("/unused");

    private static MultiLayerNetwork net(TrialSpec spec) {
        return Networks.build(spec).network();
    }

    private static Layer layer(MultiLayerNetwork net, String name) {
        return Stream.of(net.getLayers())
                .filter(l -> l.conf().getLayer().getLayerName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no layer " + name));
    }

    @Test
    void mlpHasSeed004sShapeAndTwoBnLayers() {
        BuiltNetwork built =
                Networks.build(Specs.builder(ModelKind.MLP, NO_DATA).build());
        assertEquals(
                784 * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10 + 4 * (512 + 256),
                built.network().numParams());
        assertEquals(2, built.bnLayers().size());
        assertEquals(
                List.of("fc1", "fc2"),
                built.sites().stream().map(ActivationSite::name).toList());
        INDArray out = built.network().output(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 784));
        assertArrayEquals(new long[] {4, 10}, out.shape());
        assertEquals(
                org.nd4j.linalg.activations.Activation.RELU
                        .getActivationFunction()
                        .toString(),
                ((ActivationLayer) layer(built.network(), "act1").conf().getLayer())
                        .getActivationFn()
                        .toString());
    }

    @Test
    void activationSwitchChangesEveryActivationLayer() {
        MultiLayerNetwork relu = net(Specs.builder(ModelKind.LENET, NO_DATA)
                .activation(Activation.RELU)
                .build());
        for (int k = 1; k <= 4; k++) {
            assertTrue(
                    ((ActivationLayer) layer(relu, "act" + k).conf().getLayer())
                            .getActivationFn()
                            .toString()
                            .toLowerCase()
                            .contains("relu"),
                    "act" + k);
        }
    }

    @Test
    void biasRemovalDropsBiasesOnlyInFrontOfBn() {
        MultiLayerNetwork conv = net(Specs.builder(ModelKind.LENET, NO_DATA)
                .biasRemoval(BiasRemoval.CONV)
                .bnExcluded(List.of(2))
                .build());
        assertFalse(layer(conv, "conv1").paramTable().containsKey("b"));
        assertTrue(layer(conv, "conv2").paramTable().containsKey("b"), "no BN after conv2: it keeps its bias");
        assertTrue(layer(conv, "fc1").paramTable().containsKey("b"));
        MultiLayerNetwork linear = net(Specs.builder(ModelKind.LENET, NO_DATA)
                .biasRemoval(BiasRemoval.LINEAR)
                .build());
        assertTrue(layer(linear, "conv1").paramTable().containsKey("b"));
        assertFalse(layer(linear, "fc1").paramTable().containsKey("b"));
        assertFalse(layer(linear, "fc2").paramTable().containsKey("b"));
        assertTrue(layer(linear, "out").paramTable().containsKey("b"), "the output layer has no BN after it");
        MultiLayerNetwork all = net(Specs.builder(ModelKind.MLP, NO_DATA)
                .biasRemoval(BiasRemoval.ALL)
                .build());
        assertFalse(layer(all, "fc1").paramTable().containsKey("b"));
    }

    @Test
    void bnVariantsAndImplementations() {
        MultiLayerNetwork noAffine = net(Specs.builder(ModelKind.LENET, NO_DATA)
                .bnVariant(BnVariant.NO_AFFINE)
                .build());
        assertFalse(layer(noAffine, "bn1").paramTable().containsKey("gamma"));
        MultiLayerNetwork full = net(Specs.builder(ModelKind.LENET, NO_DATA).build());
        assertTrue(layer(full, "bn1").paramTable().containsKey("gamma"));
        for (BnVariant v : BnVariant.values()) {
            MultiLayerNetwork scratch = net(Specs.builder(ModelKind.LENET, NO_DATA)
                    .bnImpl(BnImpl.SCRATCH)
                    .bnVariant(v)
                    .build());
            for (int k = 1; k <= 4; k++) {
                assertTrue(layer(scratch, "bn" + k).conf().getLayer() instanceof ScratchBatchNorm, v + " bn" + k);
            }
            assertEquals(
                    v != BnVariant.NO_AFFINE, layer(scratch, "bn1").paramTable().containsKey("gamma"), v.name());
        }
    }

    @Test
    void weightInitialisers() {
        assertEquals(0.0, weights(WeightInit.ZEROS).amaxNumber().doubleValue());
        // fc1 of the MLP: fan_in 784, fan_out 512, 401408 weights: sample moments are within 1%.
        assertEquals(1.0, weights(WeightInit.NORMAL).stdNumber().doubleValue(), 0.01);
        assertEquals(
                Math.sqrt(2.0 / 784),
                weights(WeightInit.HE_NORMAL).stdNumber().doubleValue(),
                0.01 * Math.sqrt(2.0 / 784));
        assertEquals(
                Math.sqrt(2.0 / (784 + 512)),
                weights(WeightInit.GLOROT_NORMAL).stdNumber().doubleValue(),
                0.01 * Math.sqrt(2.0 / (784 + 512)));
        double glorotBound = Math.sqrt(6.0 / (784 + 512));
        INDArray gu = weights(WeightInit.GLOROT_UNIFORM);
        assertTrue(
                gu.amaxNumber().doubleValue() <= glorotBound && gu.amaxNumber().doubleValue() > 0.99 * glorotBound);
        double heBound = Math.sqrt(6.0 / 784);
        INDArray hu = weights(WeightInit.HE_UNIFORM);
        assertTrue(hu.amaxNumber().doubleValue() <= heBound && hu.amaxNumber().doubleValue() > 0.99 * heBound);
        double torchBound = 1 / Math.sqrt(784);
        INDArray tu = weights(WeightInit.TORCH_DEFAULT);
        assertTrue(
                tu.amaxNumber().doubleValue() <= torchBound && tu.amaxNumber().doubleValue() > 0.99 * torchBound);
        assertEquals(torchBound / Math.sqrt(3), tu.stdNumber().doubleValue(), 0.01 * torchBound);
    }

    private static INDArray weights(WeightInit init) {
        return layer(net(Specs.builder(ModelKind.MLP, NO_DATA).weightInit(init).build()), "fc1")
                .getParam("W");
    }

    @Test
    void dropoutAndWeightDecayReachTheLayers() {
        MultiLayerNetwork plain = net(Specs.builder(ModelKind.LENET, NO_DATA).build());
        MultiLayerNetwork dropped = net(Specs.builder(ModelKind.LENET, NO_DATA)
                .dropout(0.5)
                .weightDecay(1e-4)
                .build());
        assertNull(((BaseLayer) layer(plain, "fc2").conf().getLayer()).getIDropout());
        assertNotNull(((BaseLayer) layer(dropped, "fc2").conf().getLayer()).getIDropout());
        assertNotNull(((BaseLayer) layer(dropped, "out").conf().getLayer()).getIDropout());
        assertNull(
                ((BaseLayer) layer(dropped, "fc1").conf().getLayer()).getIDropout(), "fc1 reads the flattened images");
        assertTrue(((BaseLayer) layer(plain, "fc1").conf().getLayer())
                .getRegularization()
                .isEmpty());
        assertFalse(((BaseLayer) layer(dropped, "fc1").conf().getLayer())
                .getRegularization()
                .isEmpty());
    }
}
