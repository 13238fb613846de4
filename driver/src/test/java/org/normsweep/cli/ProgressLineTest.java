package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.testing.SampleResults;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrialSpec;
import org.normsweep.trial.WeightInit;

/** The progress line's counts, elapsed time and ETA, on a clock the test moves. */
class ProgressLineTest {
    private static final long S = 1_000_000_000L;

    @Test
    void durationsStayShort() {
        assertEquals("0s", ProgressLine.duration(0.2));
        assertEquals("59s", ProgressLine.duration(59.4));
        assertEquals("1m05s", ProgressLine.duration(65));
        assertEquals("59m59s", ProgressLine.duration(3599));
        assertEquals("1h02m", ProgressLine.duration(3725));
    }

    @Test
    void etaIsTheRunsLeftAtTheMeanRunTimeOverTheSlotsCountingDown() {
        ProgressLine p = new ProgressLine(6, 6, 2, 100 * S);
        p.runStarted();
        p.runStarted();
        p.runStarted();
        assertTrue(Double.isNaN(p.etaSeconds(101 * S)), "no estimate before a run ends");
        assertEquals(
                "normsweep: 0/6 done, 2 running | 1s elapsed, ETA ?",
                p.terminalLine(101 * S),
                "a run waiting for a slot is not running");

        p.runEnded(10, 110 * S);
        assertEquals(25.0, p.etaSeconds(110 * S), 1e-9, "5 runs left x 10 s / 2 slots");
        assertEquals(20.0, p.etaSeconds(115 * S), 1e-9);
        assertEquals(0.0, p.etaSeconds(500 * S), 1e-9, "never negative");
        p.runEnded(20, 115 * S);
        assertEquals(30.0, p.etaSeconds(115 * S), 1e-9, "4 runs left x 15 s mean / 2 slots");

        p.trialFinished(TrialStatus.COMPLETED);
        p.trialFinished(TrialStatus.DIVERGED);
        assertEquals(
                "normsweep: 2/6 done, 1 running | 1 COMPLETED, 1 DIVERGED | 15s elapsed, ETA 30s",
                p.terminalLine(115 * S));
    }

    @Test
    void fewerRunsLeftThanSlotsTakeARunEach() {
        ProgressLine p = new ProgressLine(3, 3, 8, 0);
        p.runEnded(4, 4 * S);
        assertEquals(4.0, p.etaSeconds(4 * S), 1e-9, "2 runs of 4 s side by side: 4 s, not 2 x 4 s / 8 slots");
    }

    @Test
    void trialLinesKeepTheirFormatAndAddElapsedAndEta() {
        TrialResult ok = SampleResults.completed();
        TrialResult failed = SampleResults.failed();
        ProgressLine p = new ProgressLine(2, 2, 1, 0);
        p.runEnded(1.5, 2 * S);
        p.trialFinished(ok.status());
        assertEquals(
                "normsweep: [1/2] " + ok.spec().id() + " COMPLETED " + ok.spec().label()
                        + ": test acc 0.5000, 1.5 s (elapsed 3s, ETA 1s)",
                p.trialLine(ok, 3 * S));
        p.runEnded(0, 4 * S);
        p.trialFinished(failed.status());
        assertEquals(
                "normsweep: [2/2] " + failed.spec().id() + " FAILED "
                        + failed.spec().label() + ": boom (elapsed 1m02s)",
                p.trialLine(failed, 62 * S),
                "the last line has no ETA");
    }

    @Test
    void trialLinesNameTheOtherSettingsThatTellTheSweepsTrialsApart() {
        TrialResult failed = SampleResults.failed();
        TrialSpec plain = failed.spec();
        TrialSpec zeros = plain.toBuilder()
                .set(TrialSpec.WEIGHT_INIT, WeightInit.ZEROS)
                .set(TrialSpec.LR, 0.5)
                .build();
        List<Setting<?>> also = TrialSpec.varying(List.of(plain, zeros));
        assertEquals(List.of(TrialSpec.WEIGHT_INIT), also, "lr varies too, but every label shows it already");
        assertEquals(List.of(), TrialSpec.varying(List.of(plain, plain)));

        TrialResult zerosFailed = new TrialResult(
                zeros, TrialStatus.FAILED, "boom", 0, "h", 0, 0, failed.provenance(), TrialResult.Probes.none());
        ProgressLine p = new ProgressLine(2, 2, 1, 0, also);
        p.trialFinished(TrialStatus.FAILED);
        assertEquals(
                "normsweep: [1/2] " + zeros.id() + " FAILED lenet lr=0.5 bn_exclude=none seed=" + zeros.seed()
                        + " epochs=" + zeros.epochs() + " weight_init=zeros: boom (elapsed 0s, ETA ?)",
                p.trialLine(zerosFailed, 0));
        assertTrue(plain.label(also).endsWith(" weight_init=" + TrialSpec.WEIGHT_INIT.textIn(plain)));
    }
}
