package org.normsweep.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import org.normsweep.results.ResultCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the SQL that registers a results directory's tables and views in a Spark catalog. */
@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        description =
                "Print CREATE TABLE / CREATE VIEW statements for a results directory, for spark-sql or a notebook.")
final class CatalogCommand implements Runnable {
    @Option(
            names = "--results",
            paramLabel = "DIR",
            defaultValue = "results",
            description = "results directory or URI; default: ${DEFAULT-VALUE}")
    String results;

    @Option(names = "--database", defaultValue = "normsweep", description = "database name; default: ${DEFAULT-VALUE}")
    String database;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (String statement : ResultCatalog.statements(absolute(results), database)) {
            out.println(statement + ";");
        }
        out.flush();
    }

    /** A location the statements can use from any working directory: URIs stay, local paths become absolute. */
    static String absolute(String results) {
        URI uri = URI.create(results.replace(" ", "%20"));
        if (uri.getScheme() != null && uri.getScheme().length() > 1) {
            return results;
        }
        return Path.of(results).toAbsolutePath().normalize().toUri().toString();
    }
}
