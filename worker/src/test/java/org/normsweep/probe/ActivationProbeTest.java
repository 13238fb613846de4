package org.normsweep.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.ActivationSite;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.model.Networks;
import org.normsweep.result.ActivationRecord;
import org.normsweep.testing.Specs;
import org.normsweep.testing.SyntheticIdx;

class ActivationProbeTest {
    @TempDir
    Path dir;

    @Test
    void probeLeavesTheNetworkUntouchedAndMatchesAForwardPass() throws IOException {
        SyntheticIdx.write(dir, 16, 4, 2);
        DataSet batch = EpochBatches.batch(ImageDataset.read(dir, "train", 0), EpochBatches.inOrder(16), 0, 16);
        BuiltNetwork built = Networks.build(Specs.lenet(dir, 0.1, List.of(3), 4, 1));
        INDArray before = built.network().params().dup();

        List<ActivationRecord> records =
                ActivationProbe.measure(built, batch, 0).activations();
        assertEquals(before, built.network().params(), "parameters and BN running statistics unchanged");

        // Independent check of the forward statistics: DL4J's own training-mode feed-forward (its float32
        // reductions differ from the probe's double sums in the sixth digit).
        List<INDArray> acts = built.network().clone().feedForward(batch.getFeatures(), true);
        for (ActivationSite site : built.sites()) {
            INDArray pre = acts.get(site.activationIndex());
            INDArray post = acts.get(site.activationIndex() + 1);
            ActivationRecord preRec = find(records, site.layer(), "pre");
            ActivationRecord postRec = find(records, site.layer(), "post");
            assertEquals(Transforms.abs(pre).meanNumber().doubleValue(), preRec.meanAbs(), 2e-5);
            assertEquals(pre.mul(pre).meanNumber().doubleValue(), preRec.meanSq(), 2e-5);
            assertEquals(Transforms.sigmoid(pre).meanNumber().doubleValue(), postRec.meanAbs(), 2e-5);
        }
    }

    private static ActivationRecord find(List<ActivationRecord> records, int layer, String position) {
        return records.stream()
                .filter(r -> r.layer() == layer && r.position().equals(position))
                .findFirst()
                .orElseThrow();
    }
}
