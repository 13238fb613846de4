package org.normsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.model.vector.VectorPath;
import org.normsweep.result.BnParamRecord;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.HistogramRecord;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.testing.Specs;
import org.normsweep.testing.SyntheticIdx;
import org.normsweep.trial.BnImpl;
import org.normsweep.trial.BnVariant;
import org.normsweep.trial.Kernels;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

class TrialRunnerTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws IOException {
        SyntheticIdx.write(dir, 320, 100, 11);
    }

    @Test
    void bnLeNetLearnsAndRecordsEveryTable() {
        TrialSpec spec = Specs.lenet(dir, 0.5, List.of(), 5, 2);
        TrialResult r = TrialRunner.run(spec, 1);

        assertEquals(TrialStatus.COMPLETED, r.status(), r.error());
        assertNull(r.error());
        assertEquals(2 * 10, r.steps().size(), "320 images / batch 32 = 10 steps per epoch");
        assertEquals(List.of(1, 2), r.epochs().stream().map(e -> e.epoch()).toList());
        assertEquals(3 * 8, r.activations().size(), "8 positions, before training and after each epoch");
        assertTrue(r.finalTestAccuracy() > 0.5, "the synthetic classes are easy: " + r.finalTestAccuracy());
        double first = r.steps().get(0).loss();
        double last = r.steps().get(r.steps().size() - 1).loss();
        assertTrue(last < first, "loss falls: " + first + " -> " + last);
        assertEquals(r.epochs().get(1).trainLoss(), r.finalTrainLoss());
        assertEquals(1, r.provenance().threads());
        assertFalse(r.provenance().dl4jVersion().equals("unknown"));
        assertTrue(r.endMillis() >= r.startMillis());
    }

    @Test
    void recordsBnParamsHistogramsAndBothEvaluationModes() {
        TrialResult r = TrialRunner.run(Specs.lenet(dir, 0.5, List.of(2), 3, 2), 1);
        assertEquals(TrialStatus.COMPLETED, r.status(), r.error());
        TrialResult.Probes p = r.probes();
        assertEquals(3 * 3, p.bnParams().size(), "3 BN layers, before training and after 2 epochs");
        assertEquals(
                List.of(1, 3, 4),
                p.bnParams().subList(0, 3).stream().map(BnParamRecord::layer).toList());
        assertEquals(6, p.bnParams().get(0).gamma().length, "bn1 normalises conv1's 6 channels");
        assertTrue(Arrays.stream(p.bnParams().get(0).gamma()).allMatch(g -> g == 1.0), "gamma starts at 1");
        assertFalse(Arrays.stream(p.bnParams().get(6).gamma()).allMatch(g -> g == 1.0), "and is learned");
        assertEquals(3 * 8 * 82, p.histograms().size());
        assertEquals(
                16L * 6 * 28 * 28,
                p.histograms().stream()
                        .filter(h ->
                                h.epoch() == 0 && h.layer() == 1 && h.position().equals("pre"))
                        .mapToLong(HistogramRecord::count)
                        .sum(),
                "every value of the probe batch at conv1 is counted");
        assertEquals(2 * 2 * 10, p.classAccuracy().size());
        for (EpochRecord e : r.epochs()) {
            assertTrue(e.testAccuracyTrainMode() >= 0 && e.testAccuracyTrainMode() <= 1);
            assertTrue(Double.isNaN(e.valLoss()), "no validation split");
            double weighted = p.classAccuracy().stream()
                            .filter(c -> c.epoch() == e.epoch() && c.mode().equals("eval"))
                            .mapToDouble(c -> c.accuracy() * c.examples())
                            .sum()
                    / 100;
            assertEquals(e.testAccuracy(), weighted, 1e-9, "per-class accuracies add up to the overall one");
        }
        assertEquals(r.epochs().get(1).testAccuracyTrainMode(), r.finalTestAccuracyTrainMode());
    }

    @Test
    void frozenGammaOrBetaStayAtTheirInitialValues() {
        TrialResult gamma = TrialRunner.run(
                Specs.builder(ModelKind.LENET, dir)
                        .lr(0.5)
                        .epochs(1)
                        .bnVariant(BnVariant.FREEZE_GAMMA)
                        .build(),
                1);
        BnParamRecord g =
                gamma.probes().bnParams().get(gamma.probes().bnParams().size() - 1);
        assertTrue(Arrays.stream(g.gamma()).allMatch(v -> v == 1.0));
        assertFalse(Arrays.stream(g.beta()).allMatch(v -> v == 0.0), "beta still learns");
        TrialResult beta = TrialRunner.run(
                Specs.builder(ModelKind.LENET, dir)
                        .lr(0.5)
                        .epochs(1)
                        .bnVariant(BnVariant.FREEZE_BETA)
                        .bnImpl(BnImpl.SCRATCH)
                        .build(),
                1);
        BnParamRecord b = beta.probes().bnParams().get(beta.probes().bnParams().size() - 1);
        assertTrue(Arrays.stream(b.beta()).allMatch(v -> v == 0.0));
        assertFalse(Arrays.stream(b.gamma()).allMatch(v -> v == 1.0), "gamma still learns");
        TrialResult none = TrialRunner.run(
                Specs.builder(ModelKind.LENET, dir)
                        .lr(0.5)
                        .epochs(1)
                        .bnVariant(BnVariant.NO_AFFINE)
                        .build(),
                1);
        assertTrue(none.probes().bnParams().isEmpty(), "no learned gamma and beta to record");
    }

    @Test
    void earlyStoppingWatchesTheHeldOutImages() {
        TrialSpec spec = Specs.builder(ModelKind.MLP, dir)
                .lr(0.5)
                .epochs(6)
                .patience(1)
                .validationSplit(0.25)
                .build();
        TrialResult r = TrialRunner.run(spec, 1);
        assertEquals(TrialStatus.COMPLETED, r.status(), r.error());
        assertEquals(r.epochs().size(), r.epochsTrained());
        assertEquals(
                240 / 32 + 1, r.steps().stream().filter(s -> s.epoch() == 1).count(), "320 - 80 held out");
        EpochRecord best = r.epochs().stream()
                .min(java.util.Comparator.comparingDouble(EpochRecord::valLoss))
                .orElseThrow();
        assertEquals(best.epoch(), r.reportedEpoch());
        assertEquals(best.testAccuracy(), r.finalTestAccuracy());
        if (r.epochsTrained() < 6) {
            assertEquals(r.epochsTrained() - 1, r.reportedEpoch(), "patience 1: stopped one epoch after the best");
        }
        assertTrue(r.epochs().stream().allMatch(e -> e.valAccuracy() >= 0 && e.valAccuracy() <= 1));
    }

    @Test
    void sameTrialTwiceGivesIdenticalLosses() {
        TrialSpec spec = Specs.lenet(dir, 0.3, List.of(2), 9, 1);
        TrialResult a = TrialRunner.run(spec, 1);
        TrialResult b = TrialRunner.run(spec, 1);
        assertEquals(TrialStatus.COMPLETED, a.status(), a.error());
        List<Double> lossesA = a.steps().stream().map(StepRecord::loss).toList();
        assertEquals(lossesA, b.steps().stream().map(StepRecord::loss).toList());
        assertEquals(
                a.epochs().stream()
                        .map(e -> List.of(e.trainLoss(), e.testLoss(), e.testAccuracy()))
                        .toList(),
                b.epochs().stream()
                        .map(e -> List.of(e.trainLoss(), e.testLoss(), e.testAccuracy()))
                        .toList());
        assertEquals(a.activations(), b.activations());
    }

    /**
     * A momentum trial trains on the vector engine (kernel_path vector) and follows the same trial on DL4J's layers
     * step by step through both epochs: the velocity crosses the epoch boundary and the evaluations between.
     */
    @Test
    void momentumTrialTrainsOnTheEngineAsOnDl4jLayers() {
        TrialSpec spec = Specs.builder(ModelKind.LENET, dir)
                .lr(0.05)
                .set(TrialSpec.MOMENTUM, 0.9)
                .weightDecay(5e-4)
                .seed(4)
                .epochs(2)
                .build();
        trainsOnTheEngineAsOnDl4jLayers(spec);
    }

    /** Trains {@code spec} (2 epochs of 10 steps) on the engine and on DL4J's layers: the same losses, step by step. */
    private static void trainsOnTheEngineAsOnDl4jLayers(TrialSpec spec) {
        TrialResult engine = TrialRunner.run(spec, 1);
        TrialResult dl4j =
                TrialRunner.run(spec.toBuilder().kernels(Kernels.DL4J).build(), 1);
        assertEquals(TrialStatus.COMPLETED, engine.status(), engine.error());
        assertEquals(TrialStatus.COMPLETED, dl4j.status(), dl4j.error());
        assertEquals(VectorPath.VECTOR, engine.provenance().kernelPath());
        assertEquals(VectorPath.DL4J, dl4j.provenance().kernelPath());
        assertEquals(20, engine.steps().size());
        for (int i = 0; i < 20; i++) {
            double expected = dl4j.steps().get(i).loss();
            assertEquals(expected, engine.steps().get(i).loss(), 1e-4 * Math.max(1, expected), "loss at step " + i);
        }
        for (int e = 0; e < 2; e++) {
            double expected = dl4j.epochs().get(e).testLoss();
            assertEquals(expected, engine.epochs().get(e).testLoss(), 1e-4 * Math.max(1, expected), "test loss " + e);
        }
    }

    /**
     * The from-scratch BN layer (seed 001 Q4, seed 003) on the engine: per-step training loss and each epoch's test loss
     * (which uses its moving mean and variance) as on DL4J's layers, in its full and "lite" modes.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(
            value = BnVariant.class,
            names = {"FULL", "MEAN_ONLY", "STD_ONLY", "FREEZE_BOTH"})
    void scratchBnTrialTrainsOnTheEngineAsOnDl4jLayers(BnVariant variant) {
        TrialSpec spec = Specs.builder(ModelKind.LENET, dir)
                .lr(0.1)
                .bnImpl(BnImpl.SCRATCH)
                .bnVariant(variant)
                .seed(5)
                .epochs(2)
                .build();
        trainsOnTheEngineAsOnDl4jLayers(spec);
    }

    @Test
    void nonFiniteLossEndsTheTrialDiverged() {
        TrialResult r = TrialRunner.run(Specs.lenet(dir, 1e30, List.of(), 1, 2), 1);
        assertEquals(TrialStatus.DIVERGED, r.status());
        assertTrue(r.error().contains("try a lower lr"), r.error());
        assertTrue(r.steps().size() < 20, "stopped at the step that blew up, not after both epochs");
    }

    @Test
    void missingDataFailsTheTrialWithTheFileName() {
        TrialResult r = TrialRunner.run(Specs.lenet(dir.resolve("nowhere"), 0.1, List.of(), 1, 1), 1);
        assertEquals(TrialStatus.FAILED, r.status());
        assertTrue(r.error().contains("nowhere") && r.error().contains("no such file"), r.error());
        assertTrue(r.steps().isEmpty());
    }
}
