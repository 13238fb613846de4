package org.normsweep.testing;

import java.util.List;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.BnParamRecord;
import org.normsweep.result.ClassAccuracyRecord;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.HistogramRecord;
import org.normsweep.result.Provenance;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/**
 * A hand-made trial result with one row or more for every table, including nulls, NaN and infinities. Its early
 * stopping reports epoch 1 of the 2 trained (the lower validation loss), so every summary column differs.
 */
public final class SampleResults {
    private SampleResults() {}

    public static TrialResult completed() {
        TrialSpec spec = TrialSpec.builder(ModelKind.LENET, new DatasetSpec("d", "/d", 10, 5))
                .batchSize(8)
                .lr(0.25)
                .bnExcluded(List.of(1, 3))
                .seed(7)
                .epochs(2)
                .probeSize(8)
                .validationSplit(0.25)
                .patience(1)
                .build();
        TrialResult.Probes probes = new TrialResult.Probes(
                List.of(
                        new EpochRecord(1, 1.5, 1.25, 0.5, 0.4, 0.9, 0.8, 3.0, 0.5, 0.25),
                        new EpochRecord(2, 1.0, 0.75, 0.625, 0.6, Double.NaN, Double.NaN, 2.0, 0.5, 0.25)),
                List.of(new StepRecord(1, 0, 2.5), new StepRecord(1, 1, Double.POSITIVE_INFINITY)),
                List.of(
                        new ActivationRecord(0, 2, "conv2", "pre", 0.5, 0.25, 0.1, null, 1e-3),
                        new ActivationRecord(0, 2, "conv2", "post", 0.5, 0.25, 0.1, 0.75, 1e-3)),
                List.of(
                        new HistogramRecord(0, 2, "conv2", "pre", Double.NEGATIVE_INFINITY, -10, 3),
                        new HistogramRecord(0, 2, "conv2", "pre", -10, -9.75, 4)),
                List.of(new BnParamRecord(2, 2, "conv2", new double[] {1.5, 0.5}, new double[] {-0.25, 0.25})),
                List.of(
                        new ClassAccuracyRecord(2, "eval", 3, 0.5, 4),
                        new ClassAccuracyRecord(2, "train", 3, 0.25, 4)));
        return new TrialResult(
                spec,
                TrialStatus.COMPLETED,
                null,
                1.5,
                "host",
                1_700_000_000_123L,
                1_700_000_001_456L,
                new Provenance("v+abc", "1.0.0-M2.1", "17", "Linux amd64", "cpu", 1, "gpu:1", spec.id(), "nd4j"),
                probes);
    }

    public static TrialResult failed() {
        TrialSpec spec = TrialSpec.builder(ModelKind.LENET, new DatasetSpec("d", "/d", 0, 0))
                .build();
        return new TrialResult(
                spec,
                TrialStatus.FAILED,
                "boom",
                0,
                "h",
                0,
                0,
                new Provenance("v", "d", "j", "o", "b", 1, "cpu", spec.id(), "dl4j"),
                TrialResult.Probes.none());
    }
}
