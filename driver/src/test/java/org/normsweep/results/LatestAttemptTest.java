package org.normsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.testing.SampleResults;
import org.normsweep.testing.SparkTestBase;

/** The views show each trial once: its latest finished attempt, a COMPLETED one before a failed retry. */
class LatestAttemptTest extends SparkTestBase {
    @TempDir
    Path dir;

    private void write(String runId, TrialResult r) {
        new ResultWriter(spark(), dir.toString(), new ResultTables.RunContext("s", runId, "h")).append(List.of(r));
    }

    private static TrialResult at(TrialResult r, TrialStatus status, long endMillis) {
        return new TrialResult(
                r.spec(),
                status,
                status == TrialStatus.COMPLETED ? null : "x",
                r.wallSeconds(),
                r.host(),
                r.startMillis(),
                endMillis,
                r.provenance(),
                r.probes());
    }

    @Test
    void completedBeatsALaterFailureAndTheLatestCompletedWins() {
        TrialResult r = SampleResults.completed();
        write("run-1", at(r, TrialStatus.COMPLETED, 1_000));
        write("run-2", at(r, TrialStatus.COMPLETED, 2_000));
        write("run-3", at(r, TrialStatus.FAILED, 3_000));
        ResultViews.register(spark(), dir.toString());
        assertEquals(3L, scalar("SELECT count(*) FROM trials_all"));
        assertEquals(1L, scalar("SELECT count(*) FROM trials"));
        assertEquals("run-2", scalar("SELECT run_id FROM trials"));
        assertEquals(2L, scalar("SELECT count(*) FROM epochs"), "the chosen attempt's two epochs");
        assertEquals(6L, scalar("SELECT count(*) FROM epochs_all"));
        assertEquals(0L, scalar("SELECT count(*) FROM steps WHERE run_id <> 'run-2'"));
    }
}
