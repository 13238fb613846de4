package org.normsweep.result;

import java.io.Serializable;
import java.util.List;
import org.normsweep.trial.TrialSpec;

/**
 * Everything one trial produced. Small: a few thousand step losses at most, so it travels back to
 * the driver as a task result. The summary ({@link #epochsTrained()}, {@link #reportedEpoch()} and the
 * {@code final*} values) is derived from the epoch rows, so it cannot disagree with them.
 *
 * @param error       null unless FAILED or DIVERGED: what happened and what to try
 * @param wallSeconds the trial's wall time
 * @param host        where it ran ({@code unknown} when its Spark task failed)
 * @param startMillis epoch milliseconds
 * @param endMillis   epoch milliseconds
 * @param divergence  where and when a DIVERGED trial went bad; null for every other status
 */
public record TrialResult(
        TrialSpec spec,
        TrialStatus status,
        String error,
        double wallSeconds,
        String host,
        long startMillis,
        long endMillis,
        Provenance provenance,
        Probes probes,
        Divergence divergence)
        implements Serializable {

    /** A result without a divergence (COMPLETED or FAILED). */
    public TrialResult(
            TrialSpec spec,
            TrialStatus status,
            String error,
            double wallSeconds,
            String host,
            long startMillis,
            long endMillis,
            Provenance provenance,
            Probes probes) {
        this(spec, status, error, wallSeconds, host, startMillis, endMillis, provenance, probes, null);
    }

    /** The per-epoch, per-step and per-layer rows of a trial. */
    public record Probes(
            List<EpochRecord> epochs,
            List<StepRecord> steps,
            List<ActivationRecord> activations,
            List<HistogramRecord> histograms,
            List<BnParamRecord> bnParams,
            List<ClassAccuracyRecord> classAccuracy)
            implements Serializable {
        public Probes {
            epochs = List.copyOf(epochs);
            steps = List.copyOf(steps);
            activations = List.copyOf(activations);
            histograms = List.copyOf(histograms);
            bnParams = List.copyOf(bnParams);
            classAccuracy = List.copyOf(classAccuracy);
        }

        public static Probes none() {
            return new Probes(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        }

        /** The rows of epochs 0..{@code lastEpoch} (epoch-axis folding: a shorter trial's rows cut from a longer run). */
        public Probes upToEpoch(int lastEpoch) {
            return new Probes(
                    keep(epochs, EpochRecord::epoch, lastEpoch),
                    keep(steps, StepRecord::epoch, lastEpoch),
                    keep(activations, ActivationRecord::epoch, lastEpoch),
                    keep(histograms, HistogramRecord::epoch, lastEpoch),
                    keep(bnParams, BnParamRecord::epoch, lastEpoch),
                    keep(classAccuracy, ClassAccuracyRecord::epoch, lastEpoch));
        }

        private static <T> List<T> keep(List<T> rows, java.util.function.ToIntFunction<T> epoch, int lastEpoch) {
            return rows.stream()
                    .filter(row -> epoch.applyAsInt(row) <= lastEpoch)
                    .toList();
        }
    }

    /** A trial whose Spark task itself failed (after Spark's retries): FAILED, no rows, provenance that says so. */
    public static TrialResult sparkTaskFailed(TrialSpec spec, String error, long atMillis) {
        return new TrialResult(
                spec,
                TrialStatus.FAILED,
                error,
                0,
                "unknown",
                atMillis,
                atMillis,
                Provenance.sparkTaskFailed(spec.id()),
                Probes.none());
    }

    public List<EpochRecord> epochs() {
        return probes.epochs();
    }

    public List<StepRecord> steps() {
        return probes.steps();
    }

    public List<ActivationRecord> activations() {
        return probes.activations();
    }

    /** Epochs actually trained (fewer than asked when early stopping, divergence or a failure ended the trial). */
    public int epochsTrained() {
        return epochs().size();
    }

    /**
     * The epoch the {@code final*} values come from: the last one trained or, under early stopping, the one with the
     * lowest validation loss (the first of equals; the last when none is finite); 0 when no epoch finished. The
     * values are that epoch's numbers; the network's weights at the end are the last epoch's.
     */
    public int reportedEpoch() {
        List<EpochRecord> e = epochs();
        if (e.isEmpty()) {
            return 0;
        }
        if (spec.patience() > 0) {
            int best = 0;
            double bestLoss = Double.POSITIVE_INFINITY;
            for (EpochRecord r : e) {
                if (r.valLoss() < bestLoss) {
                    bestLoss = r.valLoss();
                    best = r.epoch();
                }
            }
            if (best > 0) {
                return best;
            }
        }
        return e.get(e.size() - 1).epoch();
    }

    private EpochRecord reported() {
        int epoch = reportedEpoch();
        return epochs().stream().filter(r -> r.epoch() == epoch).findFirst().orElse(null);
    }

    /** The reported epoch's mean training loss (NaN when no epoch finished). */
    public double finalTrainLoss() {
        EpochRecord r = reported();
        return r == null ? Double.NaN : r.trainLoss();
    }

    /** The reported epoch's eval-mode test accuracy (NaN when none finished). */
    public double finalTestAccuracy() {
        EpochRecord r = reported();
        return r == null ? Double.NaN : r.testAccuracy();
    }

    /** The reported epoch's train-mode test accuracy (NaN when none finished). */
    public double finalTestAccuracyTrainMode() {
        EpochRecord r = reported();
        return r == null ? Double.NaN : r.testAccuracyTrainMode();
    }
}
