package org.normsweep.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.model.Networks;
import org.normsweep.result.ActivationRecord;
import org.normsweep.testing.Specs;
import org.normsweep.trial.ModelKind;

/** Dropout on the next layer's input must not leak into the activation the probe records. */
class ProbeWithDropoutTest {
    @Test
    void postActivationIsTheActivationNotItsDroppedOutCopy() {
        BuiltNetwork built = Networks.build(Specs.builder(ModelKind.MLP, Path.of("/unused"))
                .bnExcluded(List.of(1, 2))
                .dropout(0.5)
                .seed(3)
                .build());
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 64, 10);
        for (int i = 0; i < 64; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        List<ActivationRecord> records =
                ActivationProbe.measure(built, new DataSet(x, y), 0).activations();
        // fc1 has no dropout and no BN here, so its output is deterministic: post = relu(pre).
        INDArray pre = built.network().clone().feedForward(x, false).get(1);
        INDArray post = Transforms.relu(pre, true);
        ActivationRecord rec = records.get(1);
        assertEquals("post", rec.position());
        assertEquals(post.meanNumber().doubleValue(), rec.meanAbs(), 1e-5);
        double zeros = post.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertEquals(zeros, rec.saturatedFraction(), 1e-9, "dead ReLUs only, not dropped units");
    }
}
