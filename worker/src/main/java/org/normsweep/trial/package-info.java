/**
 * Stage 2 of the data path: one trial's settings ({@link org.normsweep.trial.TrialSpec}, its registry of
 * {@link org.normsweep.trial.Setting}s) and its stable id. Plain Java values that travel from the driver to executors.
 * Imports: {@code java}.
 */
package org.normsweep.trial;
