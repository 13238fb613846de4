package org.normsweep.cli;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.normsweep.report.RunDiff;
import org.normsweep.report.Tolerances;
import org.normsweep.results.ResultViews;
import org.normsweep.spark.SparkSessions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Compares two runs of the same trials in one results directory and says what moved past the tolerances: exit 0
 * when nothing did, {@link #MOVED} when something did, so a nightly job can alert. Reads only.
 */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "Compare two attempts of each trial: by default the latest run against each of its trials' previous"
                    + " attempt. Status, epoch counts, final accuracy and loss, per-epoch test accuracy and training"
                    + " loss, and per-layer activation and gradient magnitudes; one line per quantity that moved"
                    + " past the tolerances."
        },
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:nothing moved past the tolerances",
            "2:bad input (an unknown run, nothing to compare, a bad option)",
            "3:something moved"
        })
final class DiffCommand implements java.util.concurrent.Callable<Integer> {
    /** The exit status when something moved (1 is {@code run}'s FAILED trials, 2 bad input). */
    static final int MOVED = 3;

    @CommandLine.Mixin
    SparkOptions spark;

    @Option(
            names = "--run",
            paramLabel = "RUN_ID",
            description = "the run to check; default: the latest (of --sweep's trials, with --sweep)")
    String run;

    @Option(
            names = "--against",
            paramLabel = "RUN_ID",
            description = "compare with this run's attempts of the same trials; default: each trial's attempt"
                    + " just before --run's")
    String against;

    @Option(names = "--sweep", paramLabel = "NAME", description = "only this sweep's trials; default: all")
    String sweep;

    @Option(
            names = "--acc-tol",
            paramLabel = "X",
            defaultValue = "0.005",
            description = "accuracies may move by X (absolute); default: ${DEFAULT-VALUE}")
    double accTol;

    @Option(
            names = "--loss-rtol",
            paramLabel = "X",
            defaultValue = "0.001",
            description = "losses may move by X times the larger of the two (relative); default: ${DEFAULT-VALUE}")
    double lossRtol;

    @Option(
            names = "--magnitude-rtol",
            paramLabel = "X",
            defaultValue = "0.001",
            description = "activation and gradient magnitudes may move by X (relative); default: ${DEFAULT-VALUE}")
    double magnitudeRtol;

    @Option(
            names = "--max-lines",
            paramLabel = "N",
            defaultValue = "200",
            description = "print at most N moved quantities (the summary counts them all); default: ${DEFAULT-VALUE}")
    int maxLines;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Tolerances tolerances = tolerances();
        if (maxLines < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-lines must be >= 0, found " + maxLines);
        }
        SparkSession session = SparkSessions.create(spark.master, "normsweep diff");
        if (!session.sparkContext().getConf().contains("spark.sql.shuffle.partitions")) {
            // diff's joins are over one run's rows: a partition per core, not Spark's 200.
            session.conf()
                    .set(
                            "spark.sql.shuffle.partitions",
                            String.valueOf(session.sparkContext().defaultParallelism()));
        }
        try {
            List<String> views = ResultViews.register(session, spark.results, sweep);
            if (!views.contains("trials")) {
                throw new BadInput("no trials" + (sweep == null ? "" : " of sweep " + sweep) + " under " + spark.results
                        + (sweep == null ? " (run a sweep first, or pass --results DIR)" : ""));
            }
            RunDiff.Outcome outcome;
            try {
                outcome =
                        RunDiff.compare(session, new RunDiff.Selection(spark.results, run, against, sweep), tolerances);
            } catch (RunDiff.BadSelection e) {
                throw new BadInput(e.getMessage(), e);
            }
            return print(outcome, tolerances, System.out);
        } finally {
            session.stop();
        }
    }

    private Tolerances tolerances() {
        try {
            return new Tolerances(accTol, lossRtol, magnitudeRtol);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--acc-tol, --loss-rtol and --magnitude-rtol must be numbers >= 0, found " + accTol + ", "
                            + lossRtol + ", " + magnitudeRtol);
        }
    }

    private int print(RunDiff.Outcome outcome, Tolerances tolerances, PrintStream out) {
        List<String> old = outcome.oldRuns();
        out.printf(
                "normsweep: run %s against %s: %d trial(s) compared%s%n",
                outcome.newRun(),
                against != null
                        ? "run " + against
                        : "each trial's previous attempt (run" + (old.size() > 1 ? "s " : " ")
                                + String.join(", ", old.subList(0, Math.min(3, old.size())))
                                + (old.size() > 3 ? ", ..." : "") + ")",
                outcome.compared(),
                outcome.compared() < outcome.inNewRun()
                        ? ", " + (outcome.inNewRun() - outcome.compared())
                                + (against != null ? " not in run " + against : " without an earlier attempt")
                        : "");
        for (String change : outcome.provenance()) {
            out.println("normsweep: provenance: " + change);
        }
        List<RunDiff.Move> moves = outcome.moves();
        moves.stream().limit(maxLines).forEach(m -> out.println(m.line()));
        if (moves.size() > maxLines) {
            out.printf("... and %d more (--max-lines)%n", moves.size() - maxLines);
        }
        String limits = String.format(
                "accuracy %s absolute, loss %s and magnitudes %s relative",
                tolerances.accuracy(), tolerances.lossRelative(), tolerances.magnitudeRelative());
        if (moves.isEmpty()) {
            out.println("normsweep: nothing moved (" + limits + ")");
            return 0;
        }
        out.printf(
                "normsweep: %d quantit%s moved in %d of %d trial(s) (%s)%n",
                moves.size(), moves.size() == 1 ? "y" : "ies", outcome.trialsMoved(), outcome.compared(), limits);
        return MOVED;
    }
}
