/**
 * Stage 1: sweep files. Parses a YAML sweep safely, checks every value (errors name the file, key and
 * value), and expands its grid into {@link org.normsweep.trial.TrialSpec}s. Plain Java: no Spark, no DL4J.
 */
package org.normsweep.sweep;
