/**
 * Stage 1: sweep files. Parses a YAML sweep safely, checks every value by its setting (errors name the file, key
 * and value), and expands its grid into {@link org.normsweep.trial.TrialSpec}s. Plain Java: no Spark, no DL4J.
 * Imports: {@code java}, {@code org.yaml.snakeyaml}, {@code org.normsweep.data}, {@code org.normsweep.trial}.
 */
package org.normsweep.sweep;
