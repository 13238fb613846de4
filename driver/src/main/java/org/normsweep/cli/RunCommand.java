package org.normsweep.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.SparkSession;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.results.FinishedTrials;
import org.normsweep.results.ResultCompaction;
import org.normsweep.results.ResultTables;
import org.normsweep.results.ResultWriter;
import org.normsweep.results.RunLock;
import org.normsweep.spark.SparkSessions;
import org.normsweep.spark.SweepExecution;
import org.normsweep.spark.TaskCpus;
import org.normsweep.sweep.SweepFileException;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrainingGroup;
import org.normsweep.trial.TrialSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs a sweep on Spark and appends its results to the Parquet tables. Re-running the same command
 * resumes: trials that already have a result are skipped. Prints through one {@link RunConsole} (a progress line
 * on a terminal, a line per trial elsewhere); the trials' own log lines go to a {@link TrialLog} file. SIGINT and
 * SIGTERM end it cleanly ({@link RunInterruption}): nothing recorded for the trials in flight, exit status 130 or 143.
 * A {@link LiveView} page follows the run unless {@code --no-live}.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a sweep on Spark (resumes: finished trials are skipped).")
final class RunCommand implements java.util.concurrent.Callable<Integer> {
    /** Exit status when more trials FAILED than --max-failures allows. */
    static final int TRIALS_FAILED = 1;
    /** The directory of trial logs when {@code --log} is not given (default {@code logs}; the tests' is in target/). */
    static final String LOG_DIR_PROPERTY = "normsweep.log.dir";

    @Parameters(paramLabel = "SWEEP.yaml", description = "the sweep file")
    Path sweepFile;

    @CommandLine.Mixin
    SparkOptions spark;

    @Option(names = "--retry-diverged", description = "also re-run trials whose earlier attempt DIVERGED")
    boolean retryDiverged;

    @Option(
            names = "--rerun-all",
            description = "run every trial again, even those with a result (a new attempt; the views show the latest)")
    boolean rerunAll;

    @Option(
            names = "--max-failures",
            defaultValue = "0",
            description = "FAILED trials tolerated before the exit status is 1; default: ${DEFAULT-VALUE}")
    int maxFailures;

    @Option(
            names = "--max-trials",
            defaultValue = "1000",
            description = "refuse grids larger than this unless --yes; default: ${DEFAULT-VALUE}")
    int maxTrials;

    @Option(names = "--yes", description = "run a grid larger than --max-trials")
    boolean yes;

    @Option(
            names = "--lock-by-convention",
            description = "results on a store where the run lock cannot be exclusive (not file, hdfs or s3a):"
                    + " run anyway, you make sure one run at a time uses the directory")
    boolean lockByConvention;

    @Option(
            names = "--threads-per-trial",
            paramLabel = "N",
            description = "native threads per trial (Spark's"
                    + " spark.task.cpus); default in local mode: cores / concurrent training runs, so threads x trials = cores;"
                    + " on a cluster: spark-submit's spark.task.cpus")
    Integer threadsPerTrial;

    @Option(
            names = "--no-fold",
            description = "train every trial on its own, even those that differ only in epochs"
                    + " (by default they share one run to the largest epoch count)")
    boolean noFold;

    @Option(
            names = "--verbose",
            description = "also print the trials' log lines (one per epoch of every trial) on"
                    + " the console, as well as in the trial log")
    boolean verbose;

    @Option(
            names = "--no-live",
            description = "do not write the live view (RESULTS/live/RUN_ID/index.html, a page that follows the run)")
    boolean noLive;

    @Option(
            names = "--log",
            paramLabel = "FILE",
            description = "the trial log (appended to); default: logs/SWEEP-RUN_ID.log" + " in the current directory")
    Path log;

    /** The trial log once the run has one: where a fault's stack trace goes ({@link FaultReport}). */
    private Path faultLog;

    Path faultLog() {
        return faultLog;
    }

    @Override
    public Integer call() {
        SweepInput in = SweepInput.read(sweepFile);
        if (in.trials().size() > maxTrials && !yes) {
            throw new SweepFileException(
                    sweepFile.toString(),
                    "the grid expands to " + in.trials().size() + " trials, more than --max-trials " + maxTrials
                            + "; check it with `plan`, then pass --yes to run it");
        }
        if (threadsPerTrial != null && threadsPerTrial < 1) {
            throw new SweepFileException(
                    sweepFile.toString(), "--threads-per-trial must be >= 1, found " + threadsPerTrial);
        }
        String runId = newRunId();
        Path logFile = log != null
                ? log
                : Path.of(
                        System.getProperty(LOG_DIR_PROPERTY, "logs"), in.sweep().name() + "-" + runId + ".log");
        checkWritable(logFile);
        faultLog = logFile;
        try (RunConsole console = RunConsole.open()) {
            return run(in, runId, logFile, console);
        }
    }

    private int run(SweepInput in, String runId, Path logFile, RunConsole console) {
        console.info(String.format(
                "normsweep: sweep %s, run %s, %d trials, results in %s",
                in.sweep().name(), runId, in.trials().size(), spark.results));
        console.info("normsweep: data: " + in.data().description());
        List<Setting<?>> labelAlso = TrialSpec.varying(in.trials());
        console.labelWith(labelAlso);
        int runs = TrainingGroup.plan(in.trials(), !noFold).size();
        SparkSession session;
        try {
            session = SparkSessions.create(
                    spark.master,
                    "normsweep " + in.sweep().name(),
                    threadsPerTrial,
                    cores -> TaskCpus.auto(cores, runs));
        } catch (IllegalArgumentException e) {
            throw new SweepFileException(sweepFile.toString(), e.getMessage());
        }
        ResultWriter writer = new ResultWriter(
                session,
                spark.results,
                new ResultTables.RunContext(in.sweep().name(), runId, in.sweep().fileHash()));
        LiveView live =
                noLive ? null : LiveView.open(spark.results, runId, in.sweep().name(), in.trials(), console);
        // Each result is written only while this run still holds the lock (a stalled run may have lost it).
        java.util.concurrent.atomic.AtomicReference<RunLock> held = new java.util.concurrent.atomic.AtomicReference<>();
        SweepExecution execution = new SweepExecution(
                session,
                rows -> {
                    held.get().check();
                    writer.append(rows);
                },
                live != null ? live : console,
                live != null);
        // Closed in reverse: the trial log, then the interrupt hook, then the lock, which the hook may release too.
        try (RunLock lock = RunLock.acquire(
                        session.sparkContext().hadoopConfiguration(), spark.results, runId, lockByConvention);
                RunInterruption interruption = RunInterruption.install(execution, lock, console);
                TrialLog trialLog = TrialLog.install(
                        logFile,
                        "normsweep run " + runId + " of sweep " + in.sweep().name(),
                        verbose,
                        console);
                LiveView liveView = live) {
            held.set(lock);
            if (trialLog != null) {
                // A cluster's executors are other JVMs, with their own log4j configuration.
                console.info("normsweep: trial log: " + logFile
                        + (session.sparkContext().isLocal()
                                ? ""
                                : " (this JVM's lines; executors log to their stderr, see the Spark UI)"));
            }
            Set<String> finished = rerunAll ? Set.of() : FinishedTrials.ids(session, spark.results, retryDiverged);
            List<TrialSpec> todo =
                    in.trials().stream().filter(t -> !finished.contains(t.id())).toList();
            if (todo.size() < in.trials().size()) {
                console.info(String.format(
                        "normsweep: %d of %d trials already have a result in %s (COMPLETED%s);" + " running %d",
                        in.trials().size() - todo.size(),
                        in.trials().size(),
                        spark.results,
                        retryDiverged ? "" : " or DIVERGED",
                        todo.size()));
            }
            writer.appendPlan(in.trials().stream().map(TrialSpec::id).toList());
            SweepExecution.Summary summary = execution.run(TrainingGroup.plan(todo, !noFold));
            if (summary.interrupted()) {
                // The JVM is shutting down; the interrupt hook has printed the line and releases the lock.
                return RunInterruption.exitStatus();
            }
            compact(session, console);
            return report(runId, summary, in.trials().size() - todo.size(), labelAlso, console);
        } catch (RunLock.ResultsLockedException e) {
            if (e.getCause() != null) {
                throw e; // the results directory cannot be written: a fault (FaultReport), not another run's lock
            }
            console.warn("normsweep: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (RuntimeException e) {
            if (execution.stopRequested()) {
                // Spark stopped under this thread as the JVM shuts down; the interrupt hook has said what happened.
                return RunInterruption.exitStatus();
            }
            throw e;
        } finally {
            session.stop();
        }
    }

    /** Merges small result files, under the lock and after the trials, so a long history stays cheap to read. */
    private void compact(SparkSession session, RunConsole console) {
        try {
            ResultCompaction.Outcome done = ResultCompaction.compact(session, spark.results);
            if (done.merged() > 0) {
                console.info(String.format(
                        "normsweep: compacted %d small result files into %d", done.merged(), done.into()));
            }
        } catch (java.io.IOException | RuntimeException e) {
            console.warn("normsweep: compacting the result files was skipped (" + e.getMessage()
                    + "); every result is in place, and the next run tries again");
        }
    }

    /** Refuses, before anything runs, a trial log that could not be created: bad input, like a bad sweep file. */
    private static void checkWritable(Path logFile) {
        Path dir = logFile.toAbsolutePath().getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        boolean ok = dir != null
                && Files.isDirectory(dir)
                && Files.isWritable(dir)
                && (!Files.exists(logFile) || Files.isRegularFile(logFile) && Files.isWritable(logFile));
        if (!ok) {
            throw new BadInput(logFile + ": cannot be written (the trial log; choose another with --log FILE)");
        }
    }

    /** The one-screen summary; the exit status. */
    private int report(
            String runId, SweepExecution.Summary summary, int skipped, List<Setting<?>> also, RunConsole console) {
        int failed = summary.counts().getOrDefault(TrialStatus.FAILED, 0);
        console.info(String.format(
                "normsweep: run %s finished: %s%s",
                runId, summary.counts(), skipped > 0 ? ", " + skipped + " skipped (already done)" : ""));
        List<TrialResult> notCompleted = summary.notCompleted();
        for (TrialResult r : notCompleted.stream().limit(5).toList()) {
            console.info(String.format(
                    "  %s %s %s: %s", r.spec().id(), r.status(), r.spec().label(also), r.error()));
        }
        if (notCompleted.size() > 5) {
            console.info(String.format(
                    "  ... and %d more: SELECT trial_id, status, error FROM trials_all WHERE"
                            + " run_id = '%s' AND status <> 'COMPLETED'",
                    notCompleted.size() - 5, runId));
        }
        if (failed > maxFailures) {
            console.info(String.format(
                    "normsweep: %d trial(s) FAILED (more than --max-failures %d); re-run the same"
                            + " command to retry them",
                    failed, maxFailures));
            return TRIALS_FAILED;
        }
        return 0;
    }

    /** e.g. {@code 20261121T213045Z-4f1c}: sortable by time, unique across concurrent runs. */
    static String newRunId() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
