package org.normsweep.cli;

import picocli.CommandLine.Option;

/** Where results live and which Spark to use: the options {@code run} and {@code sql} share. */
final class SparkOptions {
    @Option(
            names = "--results",
            paramLabel = "DIR",
            defaultValue = "results",
            description = "results directory or URI (file://, hdfs://, s3a://); default: ${DEFAULT-VALUE}")
    String results;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master; default: spark-submit's, else local[*]")
    String master;
}
