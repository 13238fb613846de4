package org.normsweep.result;

import java.io.Serializable;

/**
 * The training loss of one SGD step.
 *
 * @param epoch 1-based
 * @param step  0-based over the whole trial (not reset each epoch), as the seeds plot it
 * @param loss  mean cross-entropy of the batch, before the step's update
 */
public record StepRecord(int epoch, int step, double loss) implements Serializable {}
