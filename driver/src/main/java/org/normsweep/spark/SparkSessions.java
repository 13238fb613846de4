package org.normsweep.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the Spark session. Under {@code spark-submit} the master and settings come from there;
 * otherwise {@code --master} or {@code local[*]}. Driver-only.
 */
public final class SparkSessions {
    private SparkSessions() {}

    /** @param master the {@code --master} option, or null to use spark-submit's or {@code local[*]} */
    public static SparkSession create(String master, String appName) {
        return create(master, appName, null, null);
    }

    /**
     * As {@link #create(String, String)}, choosing {@code spark.task.cpus} (threads per trial): {@code threads} when
     * given; else, in local mode and unless spark-submit set it, {@code autoThreads}' answer for the master's core
     * count; else spark-submit's (default 1).
     */
    public static SparkSession create(
            String master, String appName, Integer threads, java.util.function.IntUnaryOperator autoThreads) {
        SparkConf conf = new SparkConf();
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.app.name", appName);
        String m = conf.get("spark.master");
        boolean local = m.equals("local") || m.startsWith("local[");
        if (m.startsWith("local")) {
            // A laptop run needs no web UI on a port, and stays on loopback.
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            // Running trials' epochs reach the live view with the heartbeat; in one JVM it is a method call.
            conf.setIfMissing("spark.executor.heartbeatInterval", "1s");
        }
        if (local) {
            int cores = TaskCpus.localCores(m);
            Integer chosen = threads != null
                    ? threads
                    : autoThreads != null && !conf.contains("spark.task.cpus") ? autoThreads.applyAsInt(cores) : null;
            if (chosen != null && chosen > cores) {
                throw new IllegalArgumentException(
                        "--threads-per-trial " + chosen + " is more than the " + cores + " cores of " + m);
            }
            if (chosen != null) {
                conf.set("spark.task.cpus", String.valueOf(chosen));
            }
        } else if (threads != null) {
            conf.set("spark.task.cpus", String.valueOf(threads));
        }
        conf.setIfMissing("spark.sql.session.timeZone", "UTC");
        conf.setIfMissing("spark.sql.debug.maxToStringFields", "100");
        // Parquet output without the summary and CRC clutter; tables stay readable by plain spark.read.parquet.
        conf.setIfMissing("spark.hadoop.parquet.summary.metadata.level", "NONE");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
