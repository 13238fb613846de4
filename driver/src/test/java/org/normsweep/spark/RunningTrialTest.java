package org.normsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.StepRecord;
import org.normsweep.train.TrainingProgress;
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/**
 * What a running trial's task puts in a heartbeat: every epoch, the step losses bounded to {@link
 * RunningTrial#STEP_POINTS} over the whole trial, and a value that survives serialization (a cluster's heartbeat).
 */
class RunningTrialTest {
    @Test
    void eachEpochAddsItsShareOfBucketMeans() throws Exception {
        TrialSpec spec = TrialSpec.builder(ModelKind.MLP, new DatasetSpec("s", "/nowhere", 0, 0))
                .epochs(8)
                .build();
        RunningTrials task = new RunningTrials();
        TrainingProgress recorder = task.recorder(spec);
        assertTrue(task.isZero(), "nothing to send before the first epoch ends");
        for (int e = 1; e <= 8; e++) {
            List<StepRecord> steps = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                steps.add(new StepRecord(e, (e - 1) * 1000 + i, e + i / 1000.0));
            }
            recorder.epochEnded(spec, epoch(e), steps);
        }
        RunningTrial t = task.value().get(spec.id());
        assertEquals(8, t.epochs().size());
        assertEquals(new RunningTrial.EpochPoint(8, 0.8, 8.0), t.epochs().get(7));
        // 200 points over 8 epochs: 25 an epoch, each the mean of 40 steps.
        assertEquals(RunningTrial.STEP_POINTS, t.steps().size());
        assertEquals(0, t.steps().get(0).step());
        assertEquals(1 + 19.5 / 1000, t.steps().get(0).loss(), 1e-12);
        assertEquals(7000 + 24 * 40, t.steps().get(199).step());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(task.value());
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(Map.of(spec.id(), t), in.readObject());
        }
        assertTrue(bytes.size() < 16_000, "a few kilobytes a heartbeat: " + bytes.size());
    }

    private static EpochRecord epoch(int e) {
        return new EpochRecord(e, e, 0, e / 10.0, 0, Double.NaN, Double.NaN, 1, 0, 0);
    }
}
