package org.normsweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.probe.ActivationProbe;
import org.normsweep.result.ActivationRecord;
import org.normsweep.testing.Specs;
import org.normsweep.testing.SyntheticIdx;
import org.normsweep.trial.TrialSpec;

/** One batch through every LeNet variant: layer shapes, BN placement and probe keys. */
class LeNetWiringTest {
    @TempDir
    static Path dir;

    static DataSet batch;

    @BeforeAll
    static void data() throws IOException {
        SyntheticIdx.write(dir, 8, 4, 3);
        ImageDataset train = ImageDataset.read(dir, "train", 0);
        batch = EpochBatches.batch(train, EpochBatches.inOrder(8), 0, 8);
    }

    static Stream<List<Integer>> exclusions() {
        return Stream.of(List.of(), List.of(1), List.of(2), List.of(3), List.of(4), List.of(1, 2, 3, 4));
    }

    @ParameterizedTest
    @MethodSource("exclusions")
    void variantWiresUp(List<Integer> excluded) {
        TrialSpec spec = Specs.lenet(dir, 0.1, excluded, 1, 1);
        BuiltNetwork built = Networks.build(spec);
        MultiLayerNetwork net = built.network();

        long bnLayers = Stream.of(net.getLayers())
                .filter(l -> l.conf().getLayer() instanceof BatchNormalization)
                .count();
        assertEquals(4 - excluded.size(), bnLayers);
        for (int k = 1; k <= 4; k++) {
            String name = "bn" + k;
            boolean present = Stream.of(net.getLayers())
                    .anyMatch(l -> l.conf().getLayer().getLayerName().equals(name));
            assertEquals(!excluded.contains(k), present, "bn" + k);
        }
        // LeNet's weights: 156 + 2416 + 48120 + 10164 + 850; each BN adds gamma, beta, mean, var per channel.
        int bnParams = Stream.of(1, 2, 3, 4)
                .filter(k -> !excluded.contains(k))
                .mapToInt(k -> 4 * new int[] {0, 6, 16, 120, 84}[k])
                .sum();
        assertEquals(61706 + bnParams, net.numParams());

        List<INDArray> acts = net.feedForward(batch.getFeatures(), false);
        assertArrayEquals(new long[] {8, 10}, acts.get(acts.size() - 1).shape());
        long[][] preShapes = {{8, 6, 28, 28}, {8, 16, 10, 10}, {8, 120}, {8, 84}};
        for (ActivationSite site : built.sites()) {
            // feedForward's list starts with the input, so layer i's output is element i + 1.
            assertArrayEquals(
                    preShapes[site.layer() - 1],
                    acts.get(site.activationIndex()).shape(),
                    site.name());
        }

        List<ActivationRecord> probes = ActivationProbe.measure(built, batch, 0).activations();
        assertEquals(8, probes.size());
        assertEquals(
                List.of("conv1", "conv1", "conv2", "conv2", "fc1", "fc1", "fc2", "fc2"),
                probes.stream().map(ActivationRecord::layerName).toList());
        for (ActivationRecord r : probes) {
            assertTrue(Double.isFinite(r.meanAbs()) && r.meanAbs() > 0, r.toString());
            assertTrue(r.meanAbsGrad() > 0, r.toString());
            if (r.position().equals("post")) {
                assertTrue(r.meanAbs() < 1, "sigmoid output lies in (0,1): " + r);
                assertTrue(r.saturatedFraction() >= 0 && r.saturatedFraction() <= 1, r.toString());
            } else {
                assertEquals(null, r.saturatedFraction());
            }
        }
        assertEquals(4 - excluded.size(), built.bnLayers().size());
    }
}
