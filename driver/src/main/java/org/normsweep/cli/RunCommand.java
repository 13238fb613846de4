package org.normsweep.cli;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.SparkSession;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.spark.ResultTables;
import org.normsweep.spark.ResultWriter;
import org.normsweep.spark.SparkSessions;
import org.normsweep.spark.SweepExecution;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs a sweep on Spark and appends its results to the Parquet tables. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a sweep on Spark.")
final class RunCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "SWEEP.yaml", description = "the sweep file")
    Path sweepFile;

    @CommandLine.Mixin
    SparkOptions spark;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SweepInput in = SweepInput.read(sweepFile);
        String runId = newRunId();
        System.out.printf("normsweep: sweep %s, run %s, %d trials, results in %s%n", in.sweep().name(), runId,
                in.trials().size(), spark.results);
        System.out.printf("normsweep: data: %s%n", in.data().description());
        SparkSession session = SparkSessions.create(spark.master, "normsweep " + in.sweep().name());
        try {
            ResultTables.RunContext run = new ResultTables.RunContext(in.sweep().name(), runId, in.sweep().fileHash());
            SweepExecution.Summary summary = new SweepExecution(session, new ResultWriter(session, spark.results, run), System.out)
                    .run(in.trials());
            System.out.printf("normsweep: run %s finished: %s%n", runId, summary.counts());
            for (TrialResult r : summary.notCompleted().stream().limit(5).toList()) {
                System.out.printf("  %s %s %s: %s%n", r.spec().id(), r.status(), r.spec().label(), r.error());
            }
            return summary.counts().getOrDefault(TrialStatus.FAILED, 0) > 0 ? 1 : 0;
        } finally {
            session.stop();
        }
    }

    /** e.g. {@code 20261121T213045Z-4f1c}: sortable by time, unique across concurrent runs. */
    static String newRunId() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
