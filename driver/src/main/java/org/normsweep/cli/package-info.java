/**
 * The command line ({@code bin/normsweep} and {@code spark-submit --class org.normsweep.cli.Main}):
 * parses arguments, then calls one method per stage. Imports every other package; nothing imports it.
 */
package org.normsweep.cli;
