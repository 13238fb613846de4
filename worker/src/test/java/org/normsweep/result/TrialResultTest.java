package org.normsweep.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.normsweep.trial.TrialSpec;

/** A result's summary is read off its epoch rows; a failed Spark task does not claim where it ran. */
class TrialResultTest {
    private static final Provenance P = new Provenance("v", "d", "j", "o", "b", 1, "cpu", "x", "nd4j");

    private static TrialResult result(TrialSpec spec, EpochRecord... epochs) {
        return new TrialResult(
                spec,
                TrialStatus.COMPLETED,
                null,
                1,
                "h",
                0,
                1,
                P,
                new TrialResult.Probes(List.of(epochs), List.of(), List.of(), List.of(), List.of(), List.of()));
    }

    private static EpochRecord epoch(int e, double valLoss) {
        return new EpochRecord(e, 10 + e, 0, 0.1 * e, 0.01 * e, valLoss, 0, 1, 0.25, 0.125);
    }

    @Test
    void theLastEpochIsReportedWithoutEarlyStopping() {
        TrialSpec spec =
                TrialSpec.builder().set(TrialSpec.DATASET_PATH, "/d").epochs(3).build();
        TrialResult r = result(spec, epoch(1, 0.5), epoch(2, 0.2), epoch(3, 0.4));
        assertEquals(3, r.epochsTrained());
        assertEquals(3, r.reportedEpoch());
        assertEquals(13, r.finalTrainLoss());
        assertEquals(0.3, r.finalTestAccuracy(), 1e-12);
        assertEquals(0.03, r.finalTestAccuracyTrainMode(), 1e-12);
    }

    @Test
    void earlyStoppingReportsTheLowestValidationLossFirstOfEquals() {
        TrialSpec spec = TrialSpec.builder()
                .set(TrialSpec.DATASET_PATH, "/d")
                .epochs(4)
                .validationSplit(0.1)
                .patience(2)
                .build();
        TrialResult r = result(spec, epoch(1, 0.5), epoch(2, 0.2), epoch(3, 0.2), epoch(4, 0.4));
        assertEquals(4, r.epochsTrained());
        assertEquals(2, r.reportedEpoch());
        assertEquals(12, r.finalTrainLoss());
        assertEquals(
                2,
                result(spec, epoch(1, Double.NaN), epoch(2, Double.NaN)).reportedEpoch(),
                "no finite loss: the last");
    }

    @Test
    void noEpochsMeansNothingToReport() {
        TrialSpec spec = TrialSpec.builder().set(TrialSpec.DATASET_PATH, "/d").build();
        TrialResult failed = TrialResult.sparkTaskFailed(spec, "Spark task failed: boom", 5);
        assertEquals(0, failed.epochsTrained());
        assertEquals(0, failed.reportedEpoch());
        assertTrue(Double.isNaN(failed.finalTestAccuracy()));
        assertEquals(TrialStatus.FAILED, failed.status());
        assertEquals("unknown (the Spark task failed)", failed.provenance().codeVersion());
        assertEquals("none", failed.provenance().device());
        assertEquals(spec.id(), failed.provenance().trainedBy());
    }
}
