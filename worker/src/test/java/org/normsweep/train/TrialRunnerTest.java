package org.normsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.testing.Specs;
import org.normsweep.testing.SyntheticIdx;
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
    void sameTrialTwiceGivesIdenticalLosses() {
        TrialSpec spec = Specs.lenet(dir, 0.3, List.of(2), 9, 1);
        TrialResult a = TrialRunner.run(spec, 1);
        TrialResult b = TrialRunner.run(spec, 1);
        assertEquals(TrialStatus.COMPLETED, a.status(), a.error());
        List<Double> lossesA = a.steps().stream().map(StepRecord::loss).toList();
        assertEquals(lossesA, b.steps().stream().map(StepRecord::loss).toList());
        assertEquals(a.epochs().stream().map(e -> List.of(e.trainLoss(), e.testLoss(), e.testAccuracy())).toList(),
                b.epochs().stream().map(e -> List.of(e.trainLoss(), e.testLoss(), e.testAccuracy())).toList());
        assertEquals(a.activations(), b.activations());
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
