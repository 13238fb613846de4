package org.normsweep.results;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements that make the result tables queryable from any Spark SQL session ({@code spark-sql},
 * a notebook) without Normsweep: one external Parquet table per raw table and the same one-attempt-per-
 * trial views {@code bin/normsweep sql} uses, and {@code sweep_trials} (the trials of each sweep, as
 * {@code report --sweep} selects them). Plain text; nothing here needs a Spark session.
 */
public final class ResultCatalog {
    private ResultCatalog() {}

    /**
     * @param resultsUri an absolute path or URI every reader can reach ({@code file:///...}, {@code hdfs://...})
     * @param database   the database to create them in
     */
    public static List<String> statements(String resultsUri, String database) {
        List<String> out = new ArrayList<>();
        String prefix = database + ".";
        out.add("CREATE DATABASE IF NOT EXISTS " + database);
        for (ResultTable table : ResultTables.ALL) {
            out.add("CREATE TABLE IF NOT EXISTS " + prefix + table.name() + "_all ("
                    + table.schema().toDDL() + ") USING parquet LOCATION '" + ResultWriter.tablePath(resultsUri, table)
                    + "'");
        }
        out.add("CREATE OR REPLACE VIEW " + prefix + "sweep_trials AS "
                + String.format(ResultViews.SWEEP_TRIALS, prefix));
        out.add("CREATE OR REPLACE VIEW " + prefix + ResultTables.TRIALS.name() + " AS SELECT "
                + String.join(", ", ResultTables.TRIALS.schema().fieldNames()) + " FROM ("
                + String.format(ResultViews.LATEST_ATTEMPT, prefix) + ")");
        for (ResultTable table : ResultTables.ALL) {
            if (table.perTrial() && table != ResultTables.TRIALS) {
                out.add("CREATE OR REPLACE VIEW " + prefix + table.name() + " AS "
                        + String.format(ResultViews.CHILD_OF_LATEST, prefix, table.name()));
            }
        }
        return out;
    }
}
