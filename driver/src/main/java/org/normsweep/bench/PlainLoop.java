package org.normsweep.bench;

import java.nio.file.Path;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.sweep.DatasetLocator;
import org.normsweep.sweep.GridExpander;
import org.normsweep.sweep.Sweep;
import org.normsweep.sweep.SweepParser;
import org.normsweep.train.TrialRunner;
import org.normsweep.trial.TrialSpec;

/**
 * (c)'s baseline: a sweep's trials called one after another in a plain loop in one JVM, one native thread each,
 * with no Spark and no output written. Run by the benchmark in a JVM of its own, as {@code run} is; prints where each
 * trial's epochs spent their time ({@link EpochPhases}).
 */
public final class PlainLoop {
    private PlainLoop() {}

    public static void main(String[] args) {
        Sweep sweep = SweepParser.parse(Path.of(args[0]));
        int failed = 0;
        long t0 = System.nanoTime();
        String data = DatasetLocator.locate(sweep).location();
        for (TrialSpec spec : GridExpander.expand(sweep, data)) {
            TrialResult r = TrialRunner.run(spec, 1);
            System.out.printf("%s %s %.4f%n", spec.id(), r.status(), r.finalTestAccuracy());
            System.out.println(EpochPhases.of(r).line());
            failed += r.status() == TrialStatus.COMPLETED ? 0 : 1;
        }
        System.out.printf("normsweep: trials took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        System.exit(failed == 0 ? 0 : 1);
    }
}
