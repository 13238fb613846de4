/**
 * The command line ({@code bin/normsweep} and {@code spark-submit --class org.normsweep.cli.Main}):
 * parses arguments, then calls one method per stage. Nothing imports it.
 * Imports: {@code java}, {@code picocli}, {@code org.apache.spark.sql}, {@code org.normsweep}.
 */
package org.normsweep.cli;
