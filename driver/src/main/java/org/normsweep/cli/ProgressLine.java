package org.normsweep.cli;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrialSpec;

/**
 * A sweep's progress so far (trials done, training runs running, how trials ended, elapsed time, ETA) and how it
 * reads on the console: the terminal's one rewritten line and the plain line per finished trial. Pure: the clock
 * is passed in (nanoseconds, as {@link System#nanoTime()}), so it is unit tested without waiting. Not thread-safe:
 * {@link RunConsole} guards it.
 */
final class ProgressLine {
    private final int trials;
    private final int runs;
    private final int slots;
    private final long startNanos;
    private final List<Setting<?>> also;
    private final Map<TrialStatus, Integer> counts = new EnumMap<>(TrialStatus.class);
    private int done;
    private int running;
    private int runsEnded;
    private double runSeconds;
    private double estimateSeconds = Double.NaN;
    private long estimatedAt;

    ProgressLine(int trials, int runs, int slots, long startNanos) {
        this(trials, runs, slots, startNanos, List.of());
    }

    /** {@code also}: settings shown in each trial's label besides {@link TrialSpec#label()}'s five. */
    ProgressLine(int trials, int runs, int slots, long startNanos, List<Setting<?>> also) {
        this.also = also;
        this.trials = trials;
        this.runs = runs;
        this.slots = Math.max(1, slots);
        this.startNanos = startNanos;
    }

    void runStarted() {
        running++;
    }

    /**
     * Re-estimates the time left: the runs not yet ended, at the mean training-run time so far, shared out over the
     * task slots they can use. Between run ends the estimate counts down with the clock.
     */
    void runEnded(double seconds, long now) {
        running = Math.max(0, running - 1);
        runsEnded++;
        runSeconds += seconds;
        int left = Math.max(0, runs - runsEnded);
        estimateSeconds = left == 0 ? 0 : left * (runSeconds / runsEnded) / Math.min(slots, left);
        estimatedAt = now;
    }

    void trialFinished(TrialStatus status) {
        done++;
        counts.merge(status, 1, Integer::sum);
    }

    /** Seconds left, or NaN before the first training run has ended. */
    double etaSeconds(long now) {
        return Math.max(0, estimateSeconds - (now - estimatedAt) / 1e9);
    }

    /** e.g. {@code normsweep: 5/12 done, 2 running | 4 COMPLETED, 1 DIVERGED | 1m05s elapsed, ETA 2m10s}. */
    String terminalLine(long now) {
        String ended = counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        // Submitter threads outnumber the slots by one, so a submitted run may still wait for a slot.
        return String.format(
                "normsweep: %d/%d done, %d running |%s %s elapsed, ETA %s",
                done,
                trials,
                Math.min(running, slots),
                ended.isEmpty() ? "" : " " + ended + " |",
                duration(elapsed(now)),
                eta(now));
    }

    /**
     * The line for a trial that just finished, in the format scripts and the README know:
     * {@code normsweep: [k/n] ID STATUS LABEL: test acc 0.8123, 4.2 s (elapsed 12s, ETA 30s)}, or the trial's error
     * in place of its accuracy when it did not complete.
     */
    String trialLine(TrialResult r, long now) {
        String time = done >= trials
                ? "elapsed " + duration(elapsed(now))
                : "elapsed " + duration(elapsed(now)) + ", ETA " + eta(now);
        return String.format(
                "normsweep: [%d/%d] %s %s %s (%s)", done, trials, r.spec().id(), r.status(), describe(r), time);
    }

    private String describe(TrialResult r) {
        String what = r.spec().label(also);
        return switch (r.status()) {
            case COMPLETED -> String.format("%s: test acc %.4f, %.1f s", what, r.finalTestAccuracy(), r.wallSeconds());
            default -> what + ": " + r.error();
        };
    }

    private double elapsed(long now) {
        return (now - startNanos) / 1e9;
    }

    private String eta(long now) {
        double eta = etaSeconds(now);
        return Double.isNaN(eta) ? "?" : duration(eta);
    }

    /** {@code 45s}, {@code 3m05s}, {@code 1h02m}: short enough for one terminal line. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
    }
}
