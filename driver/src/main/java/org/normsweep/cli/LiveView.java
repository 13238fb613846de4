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
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.spark.RunningTrial;
import org.normsweep.spark.SweepExecution;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrialSpec;

/**
 * A page that shows a running sweep: {@code <results>/live/<run_id>/index.html}, which reloads its data file
 * ({@code data.js}; a {@code file:} page may load a script, not fetch data) every second. It shows trials done,
 * running and failed, elapsed time and ETA, every trial's per-step training loss and per-epoch test accuracy and
 * training loss, running or finished, and when it was last updated, so it stays readable when the run dies. Fed by
 * the run's events: each finished trial, and each running trial's epochs so far as its executor's heartbeat brings
 * them ({@link SweepExecution.Listener#trialProgress}, in local mode as on a cluster). A timer thread writes the data
 * file at most once a second, when something changed (else every ten seconds, so its time says the run is alive);
 * Spark's threads only record values under a lock. It writes under {@code live/} only, never the result tables.
 * Driver-only.
 */
final class LiveView implements SweepExecution.Listener, AutoCloseable {
    /** Points kept of a trial's per-step loss: bucket means, so a long trial stays a small file. */
    static final int STEP_POINTS = RunningTrial.STEP_POINTS;

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
    private long runningUpdates;
    private final Map<String, RunningTrial> heard = new java.util.HashMap<>();
    private long writeNanos;
    private long writtenAt;

    private LiveView(Path dir, String runId, String sweep, List<TrialSpec> specs, SweepExecution.Listener delegate) {
        this.dir = dir;
        this.runId = runId;
        this.sweep = sweep;
        this.delegate = delegate;
        List<Setting<?>> also = TrialSpec.varying(specs);
        specs.forEach(s -> labels.put(s.id(), s.label(also)));
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

    @Override
    public synchronized void trialProgress(RunningTrial running) {
        Map<String, Object> t = trial(running.trialId());
        if (t.containsKey("finished") || running.equals(heard.get(running.trialId()))) {
            return; // a late heartbeat of a trial with its result, or one that brings nothing new
        }
        heard.put(running.trialId(), running);
        t.put("status", "RUNNING");
        t.put("epochs_total", running.epochsTotal());
        List<Object> epochs = new ArrayList<>();
        for (RunningTrial.EpochPoint e : running.epochs()) {
            epochs.add(new Object[] {e.epoch(), e.testAccuracy(), e.trainLoss()});
        }
        t.put("epochs", epochs);
        t.put("steps", points(running.steps()));
        runningUpdates++;
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
            t.put("steps", points(RunningTrial.bucketMeans(result.probes().steps(), STEP_POINTS)));
            heard.remove(result.spec().id());
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
        return String.format(
                "%d writes, %.1f ms in all; %d updates of running trials", writes, writeNanos / 1e6, runningUpdates);
    }

    private Map<String, Object> trial(String id) {
        return trials.computeIfAbsent(id, k -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("label", labels.getOrDefault(id, ""));
            t.put("status", "RUNNING");
            return t;
        });
    }

    private static List<Object> points(List<RunningTrial.StepPoint> steps) {
        List<Object> out = new ArrayList<>();
        for (RunningTrial.StepPoint p : steps) {
            out.add(new Object[] {p.step(), p.loss()});
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
        data.put("running_updates", runningUpdates);
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
