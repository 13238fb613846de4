/**
 * Stage 2 of the data path: one trial's settings ({@link org.normsweep.trial.TrialSpec}) and its stable id.
 * Plain Java values that travel from the driver to executors; imports nothing beyond the JDK.
 */
package org.normsweep.trial;
