package org.normsweep.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.normsweep.report.InteractiveCharts;
import org.normsweep.report.JsonText;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.spark.SweepExecution;
import org.normsweep.trial.TrialSpec;

/**
 * A page that shows a running sweep: {@code <results>/live/<run_id>/index.html}, which reloads its data file
 * ({@code data.js}; a {@code file:} page may load a script, not fetch data) every two seconds. It shows trials done,
 * running and failed, elapsed time and ETA, each finished trial's per-step loss and every trial's per-epoch test
 * accuracy and training loss, and when it was last updated, so it stays readable when the run dies. Fed by the
 * run's events (each finished trial) and by {@link LiveEpochs} (each epoch of a trial in this JVM: local mode).
 * A timer thread writes the data file at most once a second, when something changed (else every ten seconds, so
 * its time says the run is alive); training threads
 * only record values under a lock. It writes under {@code live/} only, never the result tables. Driver-only.
 */
final class LiveView implements SweepExecution.Listener, AutoCloseable {
    /** Points kept of a trial's per-step loss: bucket means, so a long trial stays a small file. */
    static final int STEP_POINTS = 200;

    static final long WRITE_MILLIS = 1000;
    /** Unchanged, the file is still rewritten this often: its time says the run is alive (the page warns at 30 s). */
    static final long HEARTBEAT_MILLIS = 10_000;

    private final SweepExecution.Listener delegate;
    private final Path dir;
    private final String runId;
    private final String sweep;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> trials = new LinkedHashMap<>();
    private final Map<TrialStatus, Integer> counts = new EnumMap<>(TrialStatus.class);
    private final long startedMillis = System.currentTimeMillis();
    private ScheduledExecutorService writer;
    private ProgressLine progress;
    private int total;
    private int runsRunning;
    private String state = "starting";
    private boolean dirty = true;
    private long writes;
    private long writeNanos;
    private long writtenAt;

    private LiveView(Path dir, String runId, String sweep, List<TrialSpec> specs, SweepExecution.Listener delegate) {
        this.dir = dir;
        this.runId = runId;
        this.sweep = sweep;
        this.delegate = delegate;
        specs.forEach(s -> labels.put(s.id(), s.label()));
    }

    /** Writes the page and starts the timer: when training starts, so a run refused earlier writes nothing. */
    private void start() throws IOException {
        Files.createDirectories(dir);
        InteractiveCharts.copyEcharts(dir);
        InteractiveCharts.copyResource("live/index.html", dir.resolve("index.html"));
        InteractiveCharts.copyResource("live/live.js", dir.resolve("live.js"));
        write();
        writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "normsweep-live-view");
            t.setDaemon(true);
            return t;
        });
        writer.scheduleWithFixedDelay(this::writeIfChanged, WRITE_MILLIS, WRITE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * The page under {@code results/live/runId/}, written from when training starts, when {@code results} is a local
     * directory; null (and a line on the console) where it is not.
     */
    static LiveView open(String results, String runId, String sweep, List<TrialSpec> specs, RunConsole console) {
        Path local = localPath(results);
        if (local == null) {
            console.info("normsweep: live view: only for results on a local disk (not " + results + ")");
            return null;
        }
        return new LiveView(local.resolve("live").resolve(runId), runId, sweep, specs, console);
    }

    static Path localPath(String results) {
        try {
            URI uri = URI.create(results);
            if (uri.getScheme() == null) {
                return Path.of(results);
            }
            return "file".equals(uri.getScheme()) ? Path.of(uri) : null;
        } catch (IllegalArgumentException e) {
            return Path.of(results);
        }
    }

    /** An epoch of a trial ended in this JVM (from its log line). */
    synchronized void epochEnded(String trialId, int epoch, int epochs, double trainLoss, double testAccuracy) {
        Map<String, Object> t = trial(trialId);
        if (!"RUNNING".equals(t.get("status")) && t.containsKey("finished")) {
            return; // a late line of a trial already recorded
        }
        t.put("status", "RUNNING");
        t.put("epochs_total", epochs);
        @SuppressWarnings("unchecked")
        List<Object> rows = (List<Object>) t.computeIfAbsent("epochs", k -> new ArrayList<>());
        rows.add(new Object[] {epoch, testAccuracy, trainLoss});
        dirty = true;
    }

    @Override
    public void message(String line) {
        delegate.message(line);
    }

    @Override
    public void started(int trials, int runs, int slots) {
        synchronized (this) {
            total = trials;
            progress = new ProgressLine(trials, runs, slots, System.nanoTime());
            state = "running";
            dirty = true;
            try {
                start();
                delegate.message(
                        "normsweep: live view: " + dir.resolve("index.html").toAbsolutePath());
            } catch (IOException | RuntimeException e) {
                // The page is a convenience: the run goes on without it.
                delegate.message("normsweep: live view: cannot write " + dir + " (" + e.getMessage() + ")");
            }
        }
        delegate.started(trials, runs, slots);
    }

    @Override
    public void runStarted() {
        delegate.runStarted();
        synchronized (this) {
            runsRunning++;
            dirty = true;
        }
    }

    @Override
    public void runEnded(double seconds) {
        delegate.runEnded(seconds);
        synchronized (this) {
            runsRunning = Math.max(0, runsRunning - 1);
            if (progress != null) {
                progress.runEnded(seconds, System.nanoTime());
            }
            dirty = true;
        }
    }

    @Override
    public void trialFinished(TrialResult result) {
        delegate.trialFinished(result);
        synchronized (this) {
            counts.merge(result.status(), 1, Integer::sum);
            Map<String, Object> t = trial(result.spec().id());
            t.put("status", result.status().name());
            t.put("finished", true);
            t.put("epochs_total", result.spec().epochs());
            List<Object> epochs = new ArrayList<>();
            for (EpochRecord e : result.probes().epochs()) {
                epochs.add(new Object[] {e.epoch(), e.testAccuracy(), e.trainLoss()});
            }
            t.put("epochs", epochs);
            t.put("steps", downsample(result.probes().steps()));
            dirty = true;
        }
    }

    @Override
    public void finished() {
        delegate.finished();
        synchronized (this) {
            state = "finished";
            dirty = true;
        }
    }

    /** Writes the last state; {@code interrupted} when the run ended before every trial had a result. */
    synchronized void end(boolean interrupted) {
        if (!"finished".equals(state)) {
            state = interrupted ? "interrupted" : "ended";
        }
        dirty = true;
        writeIfChanged();
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.shutdownNow();
            end(false);
            delegate.message("normsweep: live view: " + cost());
        }
    }

    /** Writes done, with the time spent writing (the cost of the page): for the run's last line and the bench. */
    synchronized String cost() {
        return String.format("%d writes, %.1f ms in all", writes, writeNanos / 1e6);
    }

    private Map<String, Object> trial(String id) {
        return trials.computeIfAbsent(id, k -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("label", labels.getOrDefault(id, ""));
            t.put("status", "RUNNING");
            return t;
        });
    }

    private static List<Object> downsample(List<StepRecord> steps) {
        List<Object> out = new ArrayList<>();
        int per = Math.max(1, (steps.size() + STEP_POINTS - 1) / STEP_POINTS);
        for (int i = 0; i < steps.size(); i += per) {
            double sum = 0;
            int n = 0;
            for (int j = i; j < Math.min(steps.size(), i + per); j++) {
                sum += steps.get(j).loss();
                n++;
            }
            out.add(new Object[] {steps.get(i).step(), sum / n});
        }
        return out;
    }

    private synchronized void writeIfChanged() {
        if (writer == null) {
            return; // not started (training never began), or the page could not be written
        }
        if (dirty || System.currentTimeMillis() - writtenAt >= HEARTBEAT_MILLIS) {
            try {
                write();
            } catch (IOException | RuntimeException e) {
                // The page is a convenience: a full disk must not end the run. The next change tries again.
            }
        }
    }

    private synchronized void write() throws IOException {
        long t0 = System.nanoTime();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("run_id", runId);
        data.put("sweep", sweep);
        data.put("state", state);
        data.put("started", startedMillis);
        data.put("updated", System.currentTimeMillis());
        data.put("total", total == 0 ? labels.size() : total);
        Map<String, Integer> done = new LinkedHashMap<>();
        counts.forEach((k, v) -> done.put(k.name(), v));
        data.put("done", done);
        data.put("runs_running", runsRunning);
        double eta = progress == null ? Double.NaN : progress.etaSeconds(System.nanoTime());
        data.put("eta_s", eta);
        data.put("trials", trials);
        StringBuilder b = new StringBuilder("window.NORMSWEEP_LIVE = ");
        JsonText.append(b, data);
        Path tmp = dir.resolve("data.js.tmp");
        Files.writeString(tmp, b.append(";\n"), StandardCharsets.UTF_8);
        // Atomic: the page never loads half a file.
        Files.move(tmp, dir.resolve("data.js"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        dirty = false;
        writtenAt = System.currentTimeMillis();
        writes++;
        writeNanos += System.nanoTime() - t0;
    }
}
