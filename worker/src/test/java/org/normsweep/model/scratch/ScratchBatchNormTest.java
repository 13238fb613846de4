package org.normsweep.model.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.normsweep.model.scratch.BatchNormFixtures.CONV_BN;
import static org.normsweep.model.scratch.BatchNormFixtures.DENSE_BN;
import static org.normsweep.model.scratch.BatchNormFixtures.assertClose;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.NoOp;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.scratch.ScratchBatchNorm.Mode;
import org.normsweep.testing.SyntheticIdx;

/**
 * {@link ScratchBatchNorm} inside a small LeNet: it agrees with DL4J's {@code BatchNormalization} on
 * the same batches, and only a training step moves its moving statistics. Tolerances are for float32.
 */
class ScratchBatchNormTest {
    @TempDir
    static Path dir;

    static List<DataSet> batches;

    @BeforeAll
    static void data() throws IOException {
        SyntheticIdx.write(dir, 80, 8, 5);
        ImageDataset train = ImageDataset.read(dir, "train", 0);
        batches = EpochBatches.batches(train, EpochBatches.inOrder(train.size()), 16);
    }

    /** The scratch layer (FULL) and DL4J's, each in a copy of the same network. */
    private static MultiLayerNetwork[] twins(boolean useLogStd) {
        MultiLayerNetwork builtIn = BatchNormFixtures.builtInLeNet(useLogStd);
        MultiLayerNetwork scratch = BatchNormFixtures.scratchLeNet(Mode.FULL, 0);
        BatchNormFixtures.copyTrainedParams(builtIn, scratch);
        return new MultiLayerNetwork[] {builtIn, scratch};
    }

    @Test
    void trainingForwardScoreAndGradientsMatchBuiltIn() {
        MultiLayerNetwork[] nets = twins(false);
        DataSet batch = batches.get(0);
        // Sums over 16 x 24 x 24 float32 values: agreement to a few ulps of the O(1) activations.
        assertClose(
                nets[0].output(batch.getFeatures(), true),
                nets[1].output(batch.getFeatures(), true),
                1e-6,
                "training-mode output");

        Map<String, INDArray> expected = gradients(nets[0], batch);
        Map<String, INDArray> actual = gradients(nets[1], batch);
        assertEquals(nets[0].score(), nets[1].score(), 1e-6, "score");
        // DL4J puts its moving-average step into "gradients" of mean/var; ours are zero (the update is done in place).
        expected.keySet().removeIf(k -> k.endsWith("_mean") || k.endsWith("_var"));
        for (int layer : new int[] {CONV_BN, DENSE_BN}) {
            assertEquals(0.0, actual.remove(layer + "_mean").amaxNumber().doubleValue());
            assertEquals(0.0, actual.remove(layer + "_var").amaxNumber().doubleValue());
        }
        assertEquals(expected.keySet(), actual.keySet());
        for (String key : expected.keySet()) {
            if (key.equals("0_b") || key.equals("4_b")) {
                // A bias right before a BN has an exactly zero gradient (BN subtracts it again): both
                // layers return float32 rounding noise (~3e-5 here, summed over 16x24x24 terms), not comparable.
                assertTrue(expected.get(key).amaxNumber().doubleValue() < 1e-3, key);
                assertTrue(actual.get(key).amaxNumber().doubleValue() < 1e-3, key);
                continue;
            }
            // Observed differences are <= 7e-7 relative to the largest gradient (~3 for conv W).
            double scale = Math.max(1, expected.get(key).amaxNumber().doubleValue());
            assertClose(expected.get(key), actual.get(key), 1e-5 * scale, "gradient " + key);
        }
        assertTrue(expected.get("1_gamma").amaxNumber().doubleValue() > 1e-4, "gamma gradient is not trivially zero");
    }

    @ParameterizedTest(name = "useLogStd={0}")
    @ValueSource(booleans = {false, true})
    void fiveSgdStepsMatchBuiltIn(boolean useLogStd) {
        MultiLayerNetwork[] nets = twins(useLogStd);
        for (int step = 0; step < 5; step++) {
            nets[0].fit(batches.get(step));
            nets[1].fit(batches.get(step));
        }
        for (int i = 0; i < nets[0].getnLayers(); i++) {
            for (Map.Entry<String, INDArray> p :
                    nets[0].getLayer(i).paramTable().entrySet()) {
                if (List.of("W", "b", "gamma", "beta").contains(p.getKey())) {
                    // Observed <= 2e-7 after five steps; float32 rounding compounds a little per step.
                    assertClose(p.getValue(), nets[1].getLayer(i).getParam(p.getKey()), 1e-5, i + "_" + p.getKey());
                }
            }
        }
        assertNotEquals(1.0, nets[1].getLayer(CONV_BN).getParam("gamma").getDouble(0), "gamma was trained");
        for (int layer : new int[] {CONV_BN, DENSE_BN}) {
            // Same update (0.9 * moving + 0.1 * biased batch statistic); observed <= 6e-7, and the
            // log10(std) storage of the default built-in layer adds ~1e-7 on the way back to a variance.
            assertClose(
                    nets[0].getLayer(layer).getParam("mean"),
                    nets[1].getLayer(layer).getParam("mean"),
                    1e-5,
                    layer + " moving mean");
            assertClose(
                    BatchNormFixtures.builtInMovingVar(nets[0], layer),
                    nets[1].getLayer(layer).getParam("var"),
                    1e-5,
                    layer + " moving var");
        }
        INDArray x = batches.get(0).getFeatures();
        assertClose(nets[0].output(x, false), nets[1].output(x, false), 1e-5, "inference output");
    }

    @Test
    void forwardPassesLeaveMovingStatisticsAndATrainingStepAppliesMomentum() {
        // L2 is on for the whole network: it must not reach gamma, beta or the moving statistics.
        MultiLayerNetwork net = BatchNormFixtures.scratchLeNet(Mode.FULL, 0.05);
        DataSet batch = batches.get(1);
        INDArray x = batch.getFeatures();
        INDArray before = net.params().dup();

        net.output(x, true);
        net.output(x, false);
        List<INDArray> acts = net.feedForward(x, true);
        // The probes' way: a layer's own training-mode activate, outside the network's workspaces.
        net.getLayer(CONV_BN).activate(acts.get(CONV_BN).dup(), true, LayerWorkspaceMgr.noWorkspaces());
        assertClose(before, net.params(), 0, "parameters after forward passes");

        // feedForward's list starts with the input, so element i is the input of layer i.
        double[][] convStats = BatchNormFixtures.channelStats(acts.get(CONV_BN));
        double[][] denseStats = BatchNormFixtures.channelStats(acts.get(DENSE_BN));
        MultiLayerNetwork probe = net.clone();
        probe.setInput(x);
        probe.setLabels(batch.getLabels());
        probe.computeGradientAndScore();
        INDArray gammaGrad =
                probe.gradient().getGradientFor(DENSE_BN + "_gamma").dup();

        net.fit(batch);
        assertMomentumStep(net, CONV_BN, convStats);
        assertMomentumStep(net, DENSE_BN, denseStats);
        // Plain SGD on the batch-mean loss, no L2: gamma -= lr * (summed-loss gradient) / batch size.
        INDArray expectedGamma =
                gammaGrad.mul(-BatchNormFixtures.LR / x.size(0)).addi(1.0);
        assertClose(expectedGamma, net.getLayer(DENSE_BN).getParam("gamma"), 1e-6, "gamma after one step");
    }

    private static void assertMomentumStep(MultiLayerNetwork net, int layer, double[][] stats) {
        double[] mean = new double[stats[0].length];
        double[] var = new double[stats[1].length];
        for (int c = 0; c < mean.length; c++) {
            mean[c] = 0.9 * 0.0 + 0.1 * stats[0][c];
            var[c] = 0.9 * 1.0 + 0.1 * stats[1][c];
        }
        assertClose(mean, net.getLayer(layer).getParam("mean"), 1e-6, layer + " moving mean");
        assertClose(var, net.getLayer(layer).getParam("var"), 1e-6, layer + " moving var");
    }

    @Test
    void wiresWithoutPreprocessorAndSurvivesCloneAndJson() {
        MultiLayerNetwork net = BatchNormFixtures.smallLeNet(
                new ScratchBatchNorm("bn1", Mode.STD_ONLY), new ScratchBatchNorm("bn2", Mode.NO_AFFINE), 0);
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        assertNull(conf.getInputPreProcess(CONV_BN), "no CNN-to-dense preprocessor before the conv BN");
        ScratchBatchNorm convBn = (ScratchBatchNorm) conf.getConf(CONV_BN).getLayer();
        assertEquals(6, convBn.getNIn());
        assertEquals(20, ((ScratchBatchNorm) conf.getConf(DENSE_BN).getLayer()).getNOut());
        assertEquals(
                List.of("gamma", "beta", "mean", "var"),
                List.copyOf(net.getLayer(CONV_BN).paramTable().keySet()));
        assertInstanceOf(NoOp.class, convBn.getUpdaterByParam("var"));
        assertTrue(convBn.getRegularizationByParam("gamma").isEmpty());

        for (int step = 0; step < 3; step++) {
            net.fit(batches.get(step));
        }
        MultiLayerNetwork copy = net.clone();
        assertClose(net.params(), copy.params(), 0, "clone's parameters");
        INDArray x = batches.get(4).getFeatures();
        assertClose(net.output(x, false), copy.output(x, false), 0, "clone's inference output");

        MultiLayerConfiguration parsed = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, parsed);
        ScratchBatchNorm parsedBn = (ScratchBatchNorm) parsed.getConf(DENSE_BN).getLayer();
        assertEquals(Mode.NO_AFFINE, parsedBn.getMode());
        assertEquals(0.1, parsedBn.getMomentum());
    }

    private static Map<String, INDArray> gradients(MultiLayerNetwork net, DataSet batch) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        Map<String, INDArray> out = new TreeMap<>();
        net.gradient().gradientForVariable().forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }
}
