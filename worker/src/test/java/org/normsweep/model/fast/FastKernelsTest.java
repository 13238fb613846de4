package org.normsweep.model.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.Networks;
import org.normsweep.testing.Specs;
import org.normsweep.testing.SyntheticIdx;
import org.normsweep.trial.BiasRemoval;
import org.normsweep.trial.BnVariant;
import org.normsweep.trial.Kernels;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/**
 * {@link FastConvolution} and {@link FastBatchNorm} compute what DL4J's {@code ConvolutionLayer} and
 * {@code BatchNormalization} compute: the same network built with each ({@code kernels: fast} and {@code dl4j}),
 * on the same weights and batches, gives the same outputs, loss and gradients (float32 rounding apart) and the
 * same weights and moving statistics after a few SGD steps; and the fast kernels are deterministic run to run.
 */
class FastKernelsTest {
    @TempDir
    static Path dir;

    static List<DataSet> batches;

    @BeforeAll
    static void data() throws IOException {
        SyntheticIdx.write(dir, 96, 8, 11);
        ImageDataset train = ImageDataset.read(dir, "train", 0);
        batches = EpochBatches.batches(train, EpochBatches.shuffledOrder(train.size(), 3, 1), 32);
    }

    private static TrialSpec spec(Kernels impl, List<Integer> bnExcluded, BiasRemoval bias) {
        return spec(impl, ModelKind.LENET, bnExcluded, bias, BnVariant.FULL);
    }

    private static TrialSpec spec(
            Kernels impl, ModelKind model, List<Integer> bnExcluded, BiasRemoval bias, BnVariant variant) {
        return Specs.builder(model, dir)
                .lr(0.5)
                .bnExcluded(bnExcluded)
                .biasRemoval(bias)
                .bnVariant(variant)
                .seed(7)
                .kernels(impl)
                .build();
    }

    /** The DL4J-layer network and the fast one, on identical parameters. */
    private static MultiLayerNetwork[] twins(List<Integer> bnExcluded, BiasRemoval bias) {
        return twins(ModelKind.LENET, bnExcluded, bias, BnVariant.FULL);
    }

    private static MultiLayerNetwork[] twins(
            ModelKind model, List<Integer> bnExcluded, BiasRemoval bias, BnVariant variant) {
        MultiLayerNetwork dl4j = Networks.build(spec(Kernels.DL4J, model, bnExcluded, bias, variant))
                .network();
        MultiLayerNetwork fast = Networks.build(spec(Kernels.FAST, model, bnExcluded, bias, variant))
                .network();
        if (model == ModelKind.LENET) {
            assertInstanceOf(FastConvolutionLayer.class, fast.getLayer(0));
        }
        if (bnExcluded.size() < model.bnLayerCount()) {
            assertTrue(java.util.Arrays.stream(fast.getLayers()).anyMatch(l -> l instanceof FastBatchNormLayer));
        }
        assertEquals(dl4j.params().length(), fast.params().length());
        fast.setParams(dl4j.params().dup());
        return new MultiLayerNetwork[] {dl4j, fast};
    }

    @ParameterizedTest(name = "bn excluded {0}")
    @ValueSource(strings = {"none", "all", "conv-no-bias", "no-affine", "mlp"})
    void outputsLossAndGradientsMatchDl4jLayer(String variant) {
        MultiLayerNetwork[] nets =
                switch (variant) {
                    case "none" -> twins(List.of(), BiasRemoval.NONE);
                    case "all" -> twins(List.of(1, 2, 3, 4), BiasRemoval.NONE);
                    case "no-affine" -> twins(ModelKind.LENET, List.of(), BiasRemoval.NONE, BnVariant.NO_AFFINE);
                    case "mlp" -> twins(ModelKind.MLP, List.of(), BiasRemoval.NONE, BnVariant.FULL);
                    default -> twins(List.of(), BiasRemoval.CONV);
                };
        // A few steps first, so the moving statistics the eval-mode output uses are not their initial 0 and 1.
        for (int i = 1; i < 3; i++) {
            nets[0].fit(batches.get(i));
            nets[1].fit(batches.get(i));
        }
        DataSet batch = batches.get(0);
        for (boolean train : new boolean[] {false, true}) {
            assertClose(
                    nets[0].output(batch.getFeatures(), train),
                    nets[1].output(batch.getFeatures(), train),
                    1e-5,
                    "output, train mode " + train);
        }
        if (variant.equals("no-affine")) {
            // DL4J's own layer leaks a workspace array into its gradient map when gamma/beta are locked, so the
            // gradients are compared through what they do: the weights after more steps.
            for (int i = 3; i < batches.size(); i++) {
                nets[0].fit(batches.get(i));
                nets[1].fit(batches.get(i));
            }
            assertClose(nets[0].params(), nets[1].params(), 1e-4, "weights and moving statistics after steps");
            return;
        }
        Map<String, INDArray> expected = gradients(nets[0], batch);
        Map<String, INDArray> actual = gradients(nets[1], batch);
        assertEquals(nets[0].score(), nets[1].score(), 1e-5, "loss");
        assertEquals(expected.keySet(), actual.keySet());
        for (String key : expected.keySet()) {
            if (key.endsWith("_b") && feedsBatchNorm(nets[0], Integer.parseInt(key.substring(0, key.indexOf('_'))))) {
                // A bias right before a BN layer has an exactly zero gradient (BN subtracts it again): both
                // networks return float32 rounding noise, not comparable to each other.
                assertTrue(expected.get(key).amaxNumber().doubleValue() < 1e-3, key);
                assertTrue(actual.get(key).amaxNumber().doubleValue() < 1e-3, key);
                continue;
            }
            // Relative to the gradient's own size: float32 sums over 32 x 28 x 28 terms in a different order.
            double scale = Math.max(1e-6, expected.get(key).amaxNumber().doubleValue());
            assertClose(expected.get(key), actual.get(key), 2e-4 * scale, "gradient " + key);
        }
    }

    @Test
    void fiveSgdStepsLandOnTheSameWeights() {
        // Parameters include the BN layers' moving mean and log10 std.
        MultiLayerNetwork[] nets = twins(List.of(3), BiasRemoval.NONE);
        for (int i = 0; i < 5; i++) {
            for (MultiLayerNetwork net : nets) {
                net.fit(batches.get(i % batches.size()));
            }
        }
        assertClose(nets[0].params(), nets[1].params(), 1e-4, "weights after 5 steps at lr 0.5");
        assertTrue(
                nets[0].params()
                                .sub(Networks.build(spec(Kernels.DL4J, List.of(3), BiasRemoval.NONE))
                                        .network()
                                        .params())
                                .amaxNumber()
                                .doubleValue()
                        > 1e-3,
                "the steps moved the weights");
    }

    @Test
    void deterministicRunToRun() {
        float[][] params = new float[2][];
        for (int run = 0; run < 2; run++) {
            MultiLayerNetwork net = Networks.build(spec(Kernels.FAST, List.of(), BiasRemoval.NONE))
                    .network();
            for (DataSet b : batches) {
                net.fit(b);
            }
            params[run] = net.params().dup().data().asFloat();
        }
        assertArrayEquals(params[0], params[1]);
    }

    @Test
    void refusesWhatItDoesNotImplement() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new FastConvolution.Builder(5, 5)
                        .name("c")
                        .nOut(4)
                        .activation(Activation.RELU)
                        .build());
        assertTrue(e.getMessage().contains("identity activation"), e.getMessage());
    }

    private static boolean feedsBatchNorm(MultiLayerNetwork net, int layer) {
        return layer + 1 < net.getnLayers()
                && net.getLayer(layer + 1) instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization;
    }

    private static Map<String, INDArray> gradients(MultiLayerNetwork net, DataSet batch) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        Map<String, INDArray> out = new TreeMap<>();
        net.gradient().gradientForVariable().forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double diff = expected.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .sub(actual.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE))
                .amaxNumber()
                .doubleValue();
        assertTrue(diff <= tol, () -> what + ": max |diff| " + diff + " > " + tol);
    }
}
