/**
 * Stage 3b: builds a trial's DL4J network from its {@link org.normsweep.trial.TrialSpec} and says where
 * the probes look. The only stage besides training and probes that imports DL4J.
 */
package org.normsweep.model;
