package org.normsweep.bench;

import java.util.List;
import java.util.Locale;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.TrialResult;

/**
 * Where a trial's epochs spent their time, summed over its epochs from the {@code epochs} rows: training steps,
 * evaluation (test split in both modes) and the probe after each epoch. Printed by {@link PlainLoop} as one
 * tab-separated line per trial and read back by the benchmark.
 */
record EpochPhases(double trainSeconds, double evalSeconds, double probeSeconds) {
    private static final String TAG = "PHASES";

    static EpochPhases of(TrialResult r) {
        double train = 0;
        double eval = 0;
        double probe = 0;
        for (EpochRecord e : r.epochs()) {
            train += e.seconds() - e.evalSeconds();
            eval += e.evalSeconds();
            probe += e.probeSeconds();
        }
        return new EpochPhases(train, eval, probe);
    }

    static EpochPhases sum(List<EpochPhases> all) {
        return new EpochPhases(
                all.stream().mapToDouble(EpochPhases::trainSeconds).sum(),
                all.stream().mapToDouble(EpochPhases::evalSeconds).sum(),
                all.stream().mapToDouble(EpochPhases::probeSeconds).sum());
    }

    double total() {
        return trainSeconds + evalSeconds + probeSeconds;
    }

    String line() {
        return String.format(Locale.ROOT, "%s\t%.4f\t%.4f\t%.4f", TAG, trainSeconds, evalSeconds, probeSeconds);
    }

    /** The phases of one {@link #line()}, or null for any other line. */
    static EpochPhases parse(String line) {
        String[] f = line.split("\t");
        if (f.length != 4 || !f[0].equals(TAG)) {
            return null;
        }
        return new EpochPhases(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
    }
}
