package org.normsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.normsweep.data.DatasetCache;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.model.Networks;
import org.normsweep.model.vector.VectorPath;
import org.normsweep.result.Divergence;
import org.normsweep.result.Divergence.Quantity;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.testing.Specs;
import org.normsweep.testing.SyntheticIdx;
import org.normsweep.trial.Activation;
import org.normsweep.trial.Kernels;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/**
 * Each quantity's divergence on the vector engine ({@code kernels: fast}) and on DL4J's own layers ({@code kernels:
 * dl4j}): a network whose parameters are set so that one thing goes non-finite first in the first step, and the step,
 * layer and quantity that training reports for it.
 */
class DivergenceForensicsTest {
    @TempDir
    static Path dir;

    static ImageDataset train;

    @BeforeAll
    static void data() throws IOException {
        SyntheticIdx.write(dir, 96, 32, 5);
        train = DatasetCache.train(dir.toString());
    }

    /** Trains up to 3 steps of epoch 1 from {@code spec}'s initial network after {@code edit}; returns the outcome. */
    private static SgdEpoch.Outcome firstSteps(TrialSpec spec, Consumer<MultiLayerNetwork> edit) {
        BuiltNetwork built = Networks.build(spec);
        edit.accept(built.network());
        List<StepRecord> steps = new ArrayList<>();
        SgdEpoch.Outcome out = SgdEpoch.run(built, spec, train, 1, 0, 3, steps);
        assertEquals(out.steps(), steps.size(), "a steps row up to and including the step that diverged");
        return out;
    }

    private static void set(MultiLayerNetwork net, String layer, String param, float value) {
        INDArray p = net.getLayer(layer).getParam(param);
        p.assign(value);
    }

    private static void setOne(MultiLayerNetwork net, String layer, String param, float value) {
        INDArray p = net.getLayer(layer).getParam(param);
        p.putScalar(0, value);
    }

    private static TrialSpec.Builder mlp(Kernels kernels) {
        return Specs.builder(ModelKind.MLP, dir).kernels(kernels).lr(0.1).epochs(1);
    }

    private static void assertDiverged(SgdEpoch.Outcome out, int step, String layer, Quantity quantity) {
        Divergence d = out.divergence();
        assertNotNull(d, "diverged");
        assertEquals(List.of(step, layer, quantity), List.of(d.step(), d.layer(), d.quantity()), d.toString());
        assertEquals(1, d.epoch());
    }

    @ParameterizedTest
    @EnumSource(Kernels.class)
    void aNanWeightShowsAsThatLayersActivation(Kernels kernels) {
        TrialSpec spec = mlp(kernels).build();
        assertEquals(kernels == Kernels.FAST ? VectorPath.VECTOR : VectorPath.DL4J, VectorPath.kernelPath(spec));
        SgdEpoch.Outcome out = firstSteps(spec, net -> setOne(net, "fc2", "W", Float.NaN));
        assertDiverged(out, 0, "fc2", Quantity.ACTIVATION);
    }

    @ParameterizedTest
    @EnumSource(Kernels.class)
    void anInfiniteInputToASigmoidIsCaughtThoughTheSigmoidHidesIt(Kernels kernels) {
        // Plain sigmoid LeNet: conv1's huge weights overflow its sums to infinity, which sigmoid turns into 0 or 1.
        TrialSpec spec = Specs.builder(ModelKind.LENET, dir)
                .kernels(kernels)
                .bnExcluded(List.of(1, 2, 3, 4))
                .epochs(1)
                .build();
        SgdEpoch.Outcome out = firstSteps(spec, net -> set(net, "conv1", "W", 3e37f));
        assertDiverged(out, 0, "conv1", Quantity.ACTIVATION);
    }

    @ParameterizedTest
    @EnumSource(Kernels.class)
    void infiniteLogitsAreTheLoss(Kernels kernels) {
        TrialSpec spec = mlp(kernels).build();
        SgdEpoch.Outcome out = firstSteps(spec, net -> set(net, "out", "W", 3e37f));
        assertDiverged(out, 0, "out", Quantity.LOSS);
    }

    @ParameterizedTest
    @EnumSource(Kernels.class)
    void aGradientOverflowIsTheLayerWhereTheBackwardPassMadeIt(Kernels kernels) {
        // One weight of out near float's largest: logits (sigmoid inputs below 1) and loss stay finite, and so does
        // out's gradient, but the input gradient it sends down overflows the next parameter gradient below it, bn2's
        // gamma and beta (sums over the batch), and every gradient below that.
        TrialSpec spec = mlp(kernels).activation(Activation.SIGMOID).build();
        SgdEpoch.Outcome out = firstSteps(spec, net -> setOne(net, "out", "W", 3e38f));
        assertDiverged(out, 0, "bn2", Quantity.GRADIENT);
    }

    @ParameterizedTest
    @EnumSource(Kernels.class)
    void anLrThatOverflowsTheUpdateIsTheWeightsOfTheFirstLayer(Kernels kernels) {
        // Past float's range: the first update makes weights infinite (or NaN where a gradient is 0) everywhere.
        TrialSpec spec = mlp(kernels).lr(1e39).build();
        SgdEpoch.Outcome out = firstSteps(spec, net -> {});
        assertDiverged(out, 0, "fc1", Quantity.WEIGHT);
    }

    @ParameterizedTest
    @EnumSource(Kernels.class)
    void healthyTrainingDoesNotDiverge(Kernels kernels) {
        assertNull(firstSteps(mlp(kernels).build(), net -> {}).divergence());
    }

    @org.junit.jupiter.api.Test
    void aTrialThatBlowsUpRecordsWhereAndSaysWhatToTry() {
        TrialResult r = TrialRunner.run(
                mlp(Kernels.FAST).lr(1e30).bnExcluded(List.of(2)).epochs(2).build(), 1);
        assertEquals(TrialStatus.DIVERGED, r.status());
        // BN's batch variance overflows after the first update.
        assertEquals(new Divergence(1, 1, "bn1", Quantity.ACTIVATION), r.divergence());
        Divergence d = r.divergence();
        assertEquals(r.steps().get(r.steps().size() - 1).step(), d.step());
        assertEquals(d.message(r.spec()), r.error());
        assertTrue(r.error().contains("diverged_layer " + d.layer()), r.error());
        assertTrue(r.error().contains("try a lower lr (now 1.0E30), gradient clipping"), r.error());
    }
}
