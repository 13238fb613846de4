/**
 * The command line ({@code bin/normsweep} and {@code spark-submit --class org.normsweep.cli.Main}):
 * parses arguments, then calls one method per stage. Nothing imports it.
 * Imports: {@code java}, {@code picocli}, {@code org.apache.spark.sql}, {@code org.apache.logging.log4j},
 * {@code org.normsweep}. (log4j only where {@code run} routes the trial log.)
 */
package org.normsweep.cli;
