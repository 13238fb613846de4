package org.normsweep.testing;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one base for Spark tests: local[2], no UI, loopback only, and a small {@link #sql} helper.
 * The CLI under test stops the session it used, so {@link #spark()} makes a fresh one when needed.
 */
public abstract class SparkTestBase {
    protected static SparkSession spark() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("normsweep-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    }

    protected static List<Row> sql(String query) {
        return spark().sql(query).collectAsList();
    }

    /** The only value of a one-row, one-column query. */
    protected static Object scalar(String query) {
        List<Row> rows = sql(query);
        if (rows.size() != 1) {
            throw new AssertionError(query + " returned " + rows.size() + " rows");
        }
        return rows.get(0).get(0);
    }
}
