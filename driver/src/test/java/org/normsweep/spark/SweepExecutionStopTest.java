package org.normsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.testing.SparkTestBase;
import org.normsweep.testing.SyntheticIdx;
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrainingGroup;
import org.normsweep.trial.TrialSpec;

/**
 * {@link SweepExecution#stop}, what a run's shutdown hook calls before Spark stops: what has arrived is written, the
 * trials in flight are not, nothing more is submitted, and the counts say which is which.
 */
class SweepExecutionStopTest extends SparkTestBase {
    private static final int TRIALS = 8;

    @TempDir
    static Path dir;

    static List<TrainingGroup> groups;

    @BeforeAll
    static void trials() throws IOException {
        Path data = SyntheticIdx.write(dir.resolve("data"), 96, 32, 4);
        List<TrialSpec> specs = LongStream.rangeClosed(1, TRIALS)
                .mapToObj(seed -> TrialSpec.builder(ModelKind.MLP, new DatasetSpec("s", data.toString(), 0, 0))
                        .batchSize(32)
                        .probeSize(8)
                        .seed(seed)
                        .epochs(2)
                        .build())
                .toList();
        groups = TrainingGroup.plan(specs, false);
    }

    @Test
    void aStopBeforeTheRunSubmitsNothing() {
        Heard heard = new Heard();
        List<TrialResult> written = new ArrayList<>();
        SweepExecution execution = new SweepExecution(spark(), written::addAll, heard);
        assertEquals(new SweepExecution.Stopped(0, 0), execution.stop(Duration.ofSeconds(1)));
        SweepExecution.Summary summary = execution.run(groups);
        assertTrue(summary.interrupted());
        assertEquals(0, summary.total());
        assertEquals(List.of(), written);
        assertEquals(0, heard.runsStarted.get(), "no training run submitted");
    }

    @Test
    void aStopMidRunWritesWhatArrivedAndNothingOfTheTrialsInFlight() throws Exception {
        List<TrialResult> written = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<SweepExecution.Stopped> stopped = new CompletableFuture<>();
        SweepExecution[] execution = new SweepExecution[1];
        execution[0] = new SweepExecution(
                spark(),
                results -> {
                    written.addAll(results);
                    if (written.size() == 1) {
                        // As the shutdown hook does: from another thread, while this one (the run's) writes.
                        new Thread(() -> stopped.complete(execution[0].stop(Duration.ofSeconds(20)))).start();
                        while (!execution[0].stopRequested()) {
                            Thread.onSpinWait();
                        }
                    }
                },
                new Heard());
        SweepExecution.Summary summary = execution[0].run(groups);
        SweepExecution.Stopped counts = stopped.get(30, TimeUnit.SECONDS);
        spark().sparkContext().cancelAllJobs(); // what Spark's own hook does next, by stopping

        assertTrue(summary.interrupted());
        assertEquals(written.size(), counts.finished(), "every result that arrived was written, and counted");
        assertEquals(written.size(), summary.total());
        assertTrue(counts.finished() >= 1 && counts.finished() < TRIALS, counts.toString());
        assertTrue(counts.inFlight() >= 1 && counts.finished() + counts.inFlight() <= TRIALS, counts.toString());
        assertTrue(written.stream().noneMatch(r -> r.status() == TrialStatus.FAILED), written.toString());
    }

    /** A listener that counts the training runs submitted. */
    private static final class Heard implements SweepExecution.Listener {
        final AtomicInteger runsStarted = new AtomicInteger();

        @Override
        public void runStarted() {
            runsStarted.incrementAndGet();
        }
    }
}
