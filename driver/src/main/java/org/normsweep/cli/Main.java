package org.normsweep.cli;

import org.normsweep.sweep.SweepFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code normsweep plan|run|sql}. Exit status: 0 success, 1 trials failed or a query failed, 2 bad input. */
@Command(name = "normsweep", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Distributed hyperparameter sweeps for batch-normalization experiments (Spark + DL4J + Parquet).",
        subcommands = {PlanCommand.class, RunCommand.class, SqlCommand.class, ReportCommand.class,
                CatalogCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: plan, run, sql, report, catalog or bench");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status (tests call this; {@link #main} exits with it). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof SweepFileException) {
                cmd.getErr().println("normsweep: " + e.getMessage());
                return BAD_INPUT;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
