package org.normsweep.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the Spark session. Under {@code spark-submit} the master and settings come from there;
 * otherwise {@code --master} or {@code local[*]}. Driver-only.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /** @param master the {@code --master} option, or null to use spark-submit's or {@code local[*]} */
    public static SparkSession create(String master, String appName) {
        SparkConf conf = new SparkConf();
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.app.name", appName);
        if (conf.get("spark.master").startsWith("local")) {
            // A laptop run needs no web UI on a port, and stays on loopback.
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.setIfMissing("spark.sql.session.timeZone", "UTC");
        conf.setIfMissing("spark.sql.debug.maxToStringFields", "100");
        // Parquet output without the summary and CRC clutter; tables stay readable by plain spark.read.parquet.
        conf.setIfMissing("spark.hadoop.parquet.summary.metadata.level", "NONE");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
