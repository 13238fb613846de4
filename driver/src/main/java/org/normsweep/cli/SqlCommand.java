package org.normsweep.cli;

import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.normsweep.results.ReadOnlySql;
import org.normsweep.results.ResultViews;
import org.normsweep.spark.SparkSessions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs Spark SQL queries over the result tables, each registered as a view under its table name; statements that
 * are not queries are refused before any runs ({@link ReadOnlySql}).
 */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = "Run a read-only Spark SQL query (SELECT, WITH, EXPLAIN, SHOW, DESCRIBE; nothing that writes or"
                + " changes the session) over the result views (trials, epochs, steps, activations, histograms,"
                + " bn_params, class_accuracy; each also as <name>_all with every attempt; plans_all, sweep_trials).")
final class SqlCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "QUERY", arity = "0..1", description = "the SQL query")
    String query;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "run the statements in FILE (separated by ';' at the end of a line) instead of QUERY")
    java.nio.file.Path file;

    @CommandLine.Mixin
    SparkOptions spark;

    @Option(
            names = "--max-rows",
            defaultValue = "1000",
            description = "rows to print at most; default: ${DEFAULT-VALUE}")
    int maxRows;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private List<String> statements() {
        if ((query == null) == (file == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either a QUERY or --file FILE");
        }
        if (file == null) {
            return List.of(query);
        }
        List<String> out = new java.util.ArrayList<>();
        String text;
        try {
            text = java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new BadInput(
                    file + ": cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        for (String part : text.split(";\\s*(\\n|$)")) {
            String withoutComments = part.lines()
                    .filter(l -> !l.strip().startsWith("--"))
                    .collect(java.util.stream.Collectors.joining("\n"));
            if (!withoutComments.isBlank()) {
                out.add(withoutComments);
            }
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        List<String> statements = statements();
        SparkSession session = SparkSessions.create(spark.master, "normsweep sql");
        try {
            List<String> views = ResultViews.register(session, spark.results);
            if (views.isEmpty()) {
                spec.commandLine()
                        .getErr()
                        .println("normsweep: no result tables under " + spark.results
                                + " (run a sweep first, or pass --results DIR)");
                return Main.BAD_INPUT;
            }
            try {
                // Every statement is checked before any runs: these commands only read the results.
                for (String statement : statements) {
                    try {
                        ReadOnlySql.check(session, statement);
                    } catch (ReadOnlySql.Refused e) {
                        throw new BadInput((file == null ? "sql" : file.toString()) + ": " + e.getMessage(), e);
                    }
                }
                for (String statement : statements) {
                    if (statements.size() > 1) {
                        System.out.println("-- " + statement.strip().replaceAll("\\s+", " "));
                    }
                    session.sql(statement).show(maxRows, false);
                }
            } catch (Exception e) {
                if (e instanceof AnalysisException || e.getClass().getName().contains("ParseException")) {
                    throw new BadInput(
                            "query failed: " + BadInput.firstLine(e.getMessage()) + " (views: "
                                    + String.join(", ", views) + ", and each as <name>_all with every attempt)",
                            e);
                }
                throw e;
            }
            return 0;
        } finally {
            session.stop();
        }
    }
}
