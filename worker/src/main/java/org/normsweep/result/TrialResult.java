package org.normsweep.result;

import java.io.Serializable;
import java.util.List;
import org.normsweep.trial.TrialSpec;

/**
 * Everything one trial produced. Small: a few thousand step losses at most, so it travels back to
 * the driver as a task result.
 *
 * @param finalTrainLoss    the reported epoch's mean training loss (NaN when no epoch finished)
 * @param finalTestAccuracy the reported epoch's eval-mode test accuracy (NaN when none finished); the reported
 *                          epoch is the last one, or with early stopping the best one (whose weights are kept,
 *                          as seed 002 restores them)
 * @param finalTestAccuracyTrainMode the same epoch's train-mode test accuracy
 * @param epochsTrained     epochs actually trained (fewer than asked when early stopping ended the trial)
 * @param reportedEpoch     the epoch the final_* values come from (0 when none finished)
 * @param error             null unless FAILED or DIVERGED: what happened and what to try
 * @param startMillis       epoch milliseconds
 */
public record TrialResult(TrialSpec spec, TrialStatus status, String error, double finalTrainLoss,
                          double finalTestAccuracy, double finalTestAccuracyTrainMode, int epochsTrained,
                          int reportedEpoch, double wallSeconds, String host, long startMillis, long endMillis,
                          Provenance provenance, Probes probes) implements Serializable {

    /** The per-epoch, per-step and per-layer rows of a trial. */
    public record Probes(List<EpochRecord> epochs, List<StepRecord> steps, List<ActivationRecord> activations,
                         List<HistogramRecord> histograms, List<BnParamRecord> bnParams,
                         List<ClassAccuracyRecord> classAccuracy) implements Serializable {
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
            return new Probes(keep(epochs, EpochRecord::epoch, lastEpoch), keep(steps, StepRecord::epoch, lastEpoch),
                    keep(activations, ActivationRecord::epoch, lastEpoch),
                    keep(histograms, HistogramRecord::epoch, lastEpoch), keep(bnParams, BnParamRecord::epoch, lastEpoch),
                    keep(classAccuracy, ClassAccuracyRecord::epoch, lastEpoch));
        }

        private static <T> List<T> keep(List<T> rows, java.util.function.ToIntFunction<T> epoch, int lastEpoch) {
            return rows.stream().filter(row -> epoch.applyAsInt(row) <= lastEpoch).toList();
        }
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
}
