package org.normsweep.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.normsweep.report.ReportBuilder;
import org.normsweep.report.ReportQueries;
import org.normsweep.report.ReportQuery;
import org.normsweep.results.ResultViews;
import org.normsweep.spark.SparkSessions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes an HTML report with charts and CSV tables from the result tables. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Write an HTML report (charts, tables as CSV, the SQL behind each) from the results.")
final class ReportCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Mixin
    SparkOptions spark;

    @Option(names = "--sweep", paramLabel = "NAME", description = "only this sweep's trials; default: all")
    String sweep;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory; default: report/ (or report/NAME)")
    Path out;

    @Option(
            names = "--window",
            defaultValue = "20",
            description = "rolling-mean window for loss curves; default: ${DEFAULT-VALUE}")
    int window;

    @Option(
            names = "--trains-above",
            defaultValue = "0.5",
            description = "accuracy above which an lr counts as training; default: ${DEFAULT-VALUE}")
    double trainsAbove;

    @Option(
            names = "--sql",
            paramLabel = "FILE",
            description = "an extra query file (repeatable), same format as reports/*.sql")
    List<Path> extra = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The results directory as an absolute local path; null when it is on another file system (hdfs://, s3a://). */
    private Path localResults() {
        String r = spark.results;
        if (r.startsWith("file:")) {
            r = r.replaceFirst("^file:(//)?", "");
        } else if (r.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return null;
        }
        return Path.of(r).toAbsolutePath().normalize();
    }

    @Override
    public Integer call() throws Exception {
        if (window < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--window must be >= 1, found " + window);
        }
        List<ReportQuery> queries = new ArrayList<>(ReportQueries.builtIn());
        for (Path file : extra) {
            try {
                queries.add(ReportQueries.fromFile(file));
            } catch (IllegalArgumentException e) {
                throw new BadInput(e.getMessage(), e);
            }
        }
        Path dir = out != null ? out : Path.of("report", sweep == null ? "all" : sweep);
        Path results = localResults();
        if (results != null && dir.toAbsolutePath().normalize().startsWith(results)) {
            throw new BadInput("--out " + dir + " is inside the results directory " + spark.results
                    + ": the report's files would land among the result tables (choose another --out)");
        }
        SparkSession session = SparkSessions.create(spark.master, "normsweep report");
        try {
            List<String> views = ResultViews.register(session, spark.results, sweep);
            if (!views.contains("trials")) {
                spec.commandLine()
                        .getErr()
                        .println("normsweep: no trials" + (sweep == null ? "" : " of sweep " + sweep) + " under "
                                + spark.results);
                return Main.BAD_INPUT;
            }
            try {
                new ReportBuilder(
                                session,
                                Map.of("window", String.valueOf(window), "trains_above", String.valueOf(trainsAbove)),
                                System.out)
                        .build(
                                queries,
                                dir,
                                "Normsweep report: " + (sweep == null ? "all sweeps" : sweep) + " (" + spark.results
                                        + ")");
            } catch (IllegalArgumentException e) {
                // A query that does not run (ReportBuilder names it): a bad --sql file, or views it cannot find.
                throw new BadInput(e.getMessage(), e);
            }
            System.out.println("normsweep: report written to " + dir.resolve("index.html"));
            return 0;
        } finally {
            session.stop();
        }
    }
}
