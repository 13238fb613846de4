package org.normsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.testing.Specs;
import org.normsweep.testing.SyntheticIdx;
import org.normsweep.trial.TrialSpec;

/** Spark runs several trials in one executor JVM at once; each must give what it gives alone. */
class ConcurrentTrialsTest {
    @TempDir
    Path dir;

    @Test
    void concurrentTrialsMatchSequentialOnes() throws Exception {
        SyntheticIdx.write(dir, 128, 32, 3);
        TrialSpec a = Specs.lenet(dir, 0.5, List.of(), 0, 2);
        TrialSpec b = Specs.lenet(dir, 0.5, List.of(1, 2, 3, 4), 2, 2);
        List<Double> aloneA = losses(TrialRunner.run(a, 1));
        List<Double> aloneB = losses(TrialRunner.run(b, 1));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 2; round++) {
                Future<TrialResult> fa = pool.submit(() -> TrialRunner.run(a, 1));
                Future<TrialResult> fb = pool.submit(() -> TrialRunner.run(b, 1));
                assertEquals(aloneA, losses(fa.get()), "trial a, round " + round);
                assertEquals(aloneB, losses(fb.get()), "trial b, round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Double> losses(TrialResult r) {
        return r.steps().stream().map(StepRecord::loss).toList();
    }
}
