package org.normsweep.cli;

import org.normsweep.sweep.SweepFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code normsweep plan|run|sql|report|diff|catalog|bench}. Exit status: 0 success, 1 when trials FAILED (or an
 * unexpected error), 2 for bad input on any command: a bad sweep file, option, query or query file, reported on one
 * line as {@code normsweep: MESSAGE}; 3 when {@code diff} finds that something moved; 130 or 143 when {@code run} is
 * interrupted by SIGINT or SIGTERM.
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
            CatalogCommand.class,
            BenchCommand.class
        })
public final class Main implements Runnable {
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "name a command: plan, run, sql, report, diff, catalog or bench");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status (tests call this; {@link #main} exits with it). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof SweepFileException || e instanceof BadInput) {
                cmd.getErr().println("normsweep: " + BadInput.firstLine(e.getMessage()));
                return BAD_INPUT;
            }
            throw e;
        });
        cli.setParameterExceptionHandler((e, args2) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr()
                    .println("normsweep: " + BadInput.firstLine(e.getMessage()) + " (see: normsweep "
                            + (cmd.getCommandName().equals("normsweep") ? "" : cmd.getCommandName() + " ") + "--help)");
            return BAD_INPUT;
        });
        return cli.execute(args);
    }
}
