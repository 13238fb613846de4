/**
 * The command line ({@code bin/normsweep} and {@code spark-submit --class org.normsweep.cli.Main}):
 * parses arguments, then calls one method per stage. Nothing imports it.
 * Imports: {@code java}, {@code picocli}, {@code org.apache.spark.sql}, {@code org.apache.logging.log4j},
 * {@code org.normsweep}, {@code sun.misc}. (log4j only where {@code run} routes the trial log; {@code sun.misc.Signal},
 * of {@code jdk.unsupported}, only to tell SIGINT from SIGTERM when a run is interrupted.)
 */
package org.normsweep.cli;
