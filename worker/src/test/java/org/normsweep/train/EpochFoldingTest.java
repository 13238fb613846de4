package org.normsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.testing.Specs;
import org.normsweep.testing.SyntheticIdx;
import org.normsweep.trial.LrSchedule;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrainingGroup;
import org.normsweep.trial.TrialSpec;

/**
 * Epoch-axis folding: the results cut from one longer run equal, bit for bit, the results of running each trial
 * on its own (everything but wall-clock times); and the planner only folds what may be folded.
 */
class EpochFoldingTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws IOException {
        SyntheticIdx.write(dir, 192, 64, 5);
    }

    private static TrialSpec.Builder lenet() {
        return Specs.builder(ModelKind.LENET, dir)
                .lr(0.5)
                .bnExcluded(List.of(2))
                .seed(4);
    }

    @Test
    void foldedResultsEqualSeparateRunsBitForBit() {
        assertFoldedEqualsSeparate(lenet(), 1, 3);
    }

    @Test
    void foldedEarlyStoppingReportsWhatItsOwnRunWould() {
        // Patience 1 on a small validation split: the run may stop early, and each member reports its own best epoch.
        assertFoldedEqualsSeparate(lenet().patience(1).validationSplit(0.25), 2, 4);
    }

    private static void assertFoldedEqualsSeparate(TrialSpec.Builder base, int shortEpochs, int longEpochs) {
        TrialSpec shorter = base.epochs(shortEpochs).build();
        TrialSpec longer = base.epochs(longEpochs).build();
        List<TrainingGroup> groups = TrainingGroup.plan(List.of(longer, shorter), true);
        assertEquals(1, groups.size(), "trials that differ only in epochs share a run");
        List<TrialResult> folded = EpochPrefix.runGroup(groups.get(0), 1, "cpu");
        assertEquals(
                List.of(shorter, longer), folded.stream().map(TrialResult::spec).toList());
        for (TrialResult f : folded) {
            TrialResult own = TrialRunner.run(f.spec(), 1);
            assertSameResults(own, f);
            assertEquals(longer.id(), f.provenance().trainedBy());
            assertEquals(f.spec().id(), own.provenance().trainedBy());
        }
    }

    /** Every recorded value equal (records compare doubles bit for bit), times aside. */
    private static void assertSameResults(TrialResult own, TrialResult folded) {
        String id = own.spec().id();
        assertEquals(own.status(), folded.status(), id);
        assertEquals(own.error(), folded.error(), id);
        assertEquals(
                Double.doubleToLongBits(own.finalTrainLoss()), Double.doubleToLongBits(folded.finalTrainLoss()), id);
        assertEquals(
                Double.doubleToLongBits(own.finalTestAccuracy()),
                Double.doubleToLongBits(folded.finalTestAccuracy()),
                id);
        assertEquals(
                Double.doubleToLongBits(own.finalTestAccuracyTrainMode()),
                Double.doubleToLongBits(folded.finalTestAccuracyTrainMode()),
                id);
        assertEquals(own.epochsTrained(), folded.epochsTrained(), id);
        assertEquals(own.reportedEpoch(), folded.reportedEpoch(), id);
        assertEquals(withoutTimes(own.epochs()), withoutTimes(folded.epochs()), id + " epochs");
        assertEquals(own.steps(), folded.steps(), id + " steps");
        assertTrue(own.steps().size() > 0);
        assertEquals(own.activations(), folded.activations(), id + " activations");
        assertEquals(own.probes().histograms(), folded.probes().histograms(), id + " histograms");
        assertEquals(own.probes().classAccuracy(), folded.probes().classAccuracy(), id + " class accuracy");
        assertEquals(own.probes().bnParams().size(), folded.probes().bnParams().size(), id);
        for (int i = 0; i < own.probes().bnParams().size(); i++) {
            assertTrue(
                    java.util.Arrays.equals(
                            own.probes().bnParams().get(i).gamma(),
                            folded.probes().bnParams().get(i).gamma()),
                    id + " gamma");
            assertTrue(
                    java.util.Arrays.equals(
                            own.probes().bnParams().get(i).beta(),
                            folded.probes().bnParams().get(i).beta()),
                    id + " beta");
        }
    }

    private static List<EpochRecord> withoutTimes(List<EpochRecord> epochs) {
        return epochs.stream().map(EpochRecord::withoutTimes).toList();
    }

    @Test
    void plannerFoldsOnlyTrialsThatDifferInEpochsAlone() {
        List<TrialSpec> trials = List.of(
                lenet().epochs(2).build(),
                lenet().epochs(8).build(),
                lenet().epochs(4).build(),
                lenet().seed(5).epochs(2).build(),
                lenet().epochs(2).build());
        List<TrainingGroup> groups = TrainingGroup.plan(trials, true);
        assertEquals(2, groups.size());
        assertEquals(
                List.of(2, 4, 8),
                groups.get(0).members().stream().map(TrialSpec::epochs).toList(),
                "the duplicate 2-epoch trial is kept once");
        assertEquals(8, groups.get(0).leader().epochs());
        assertEquals(8 + 2, TrainingGroup.epochsTrained(groups));
        assertEquals(4, TrainingGroup.plan(trials.subList(0, 4), false).size(), "--no-fold: one run per trial");
    }

    @Test
    void scheduleOverTheEpochCountIsNotFolded() {
        TrialSpec.Builder cosine = lenet().lrSchedule(LrSchedule.COSINE);
        List<TrainingGroup> groups = TrainingGroup.plan(
                List.of(cosine.epochs(2).build(), cosine.epochs(4).build()), true);
        assertEquals(2, groups.size(), "cosine annealing reads the epoch count: each trial trains alone");
        // Why: epoch 2 of a 2-epoch cosine trial trains at a different lr than epoch 2 of a 4-epoch one.
        assertNotEquals(LrSchedule.COSINE.lr(0.5, 2, 2), LrSchedule.COSINE.lr(0.5, 2, 4));
        assertEquals(0.5, LrSchedule.COSINE.lr(0.5, 1, 4));
    }
}
