package org.normsweep.cli;

import org.normsweep.sweep.SweepFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code normsweep plan|run|sql|report|diff|verify|catalog|bench}. Exit status: 0 success, 1 when trials FAILED (or an
 * unexpected error), 2 for bad input on any command: a bad sweep file, option, query or query file, reported on one
 * line as {@code normsweep: MESSAGE}; 3 when {@code diff} finds that something moved; 130 or 143 when {@code run} is
 * interrupted by SIGINT or SIGTERM; 4 for a fault of the environment (a full disk, a results store that cannot be
 * written or reached, an unreadable result file) and 1 for an unexpected error, both on one screen with the stack
 * trace in a log file ({@link FaultReport}); 5 when {@code verify} finds problems.
 */
@Command(
        name = "normsweep",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Distributed hyperparameter sweeps for batch-normalization experiments (Spark + DL4J + Parquet).",
        subcommands = {
            PlanCommand.class,
            RunCommand.class,
            SqlCommand.class,
            ReportCommand.class,
            DiffCommand.class,
            VerifyCommand.class,
            CatalogCommand.class,
            BenchCommand.class
        })
public final class Main implements Runnable {
    public static final int BAD_INPUT = 2;
    /** A fault of the environment: disk full, a results store that cannot be written or reached, an unreadable file. */
    public static final int FAULT = 4;
    /** An error Normsweep did not expect (a bug), reported like a fault. */
    public static final int UNEXPECTED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "name a command: plan, run, sql, report, diff, verify, catalog or bench");
    }

    public static void main(String[] args) {
        int status = execute(args);
        if (inYarnApplicationMaster()) {
            // Spark's YARN application master calls this main in a thread and reports the application FAILED, and
            // starts it again, when main ends the JVM itself: there a success returns and a failure throws.
            if (status != 0) {
                throw new IllegalStateException("normsweep exited with status " + status + " (its output says why)");
            }
            return;
        }
        System.exit(status);
    }

    /** Whether this JVM is the driver of a YARN cluster-mode application ({@code spark-submit --deploy-mode cluster}). */
    static boolean inYarnApplicationMaster() {
        return "yarn".equals(System.getProperty("spark.master"))
                && "cluster".equals(System.getProperty("spark.submit.deployMode"));
    }

    /** Runs a command line and returns its exit status (tests call this; {@link #main} ends the JVM with it). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof SweepFileException || e instanceof BadInput) {
                cmd.getErr().println("normsweep: " + BadInput.firstLine(e.getMessage()));
                return BAD_INPUT;
            }
            return FaultReport.report(e, cmd);
        });
        cli.setParameterExceptionHandler((e, args2) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr()
                    .println("normsweep: " + BadInput.firstLine(e.getMessage()) + " (see: normsweep "
                            + (cmd.getCommandName().equals("normsweep") ? "" : cmd.getCommandName() + " ") + "--help)");
            return BAD_INPUT;
        });
        try {
            return cli.execute(args);
        } catch (Error e) {
            // picocli hands on Errors (Hadoop's FSError for a full disk among them); they end the command the same way.
            CommandLine.ParseResult parsed = cli.getParseResult();
            while (parsed != null && parsed.subcommand() != null) {
                parsed = parsed.subcommand();
            }
            return FaultReport.report(
                    e, parsed == null ? cli : parsed.commandSpec().commandLine());
        }
    }
}
