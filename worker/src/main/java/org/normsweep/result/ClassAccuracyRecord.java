package org.normsweep.result;

import java.io.Serializable;

/**
 * Test accuracy on one class after an epoch.
 *
 * @param mode     {@code eval}: BN uses its running statistics (inference); {@code train}: BN uses each test
 *                 batch's own statistics, as a PyTorch model left in {@code train()} mode does (seed 004)
 * @param label    class index 0..9
 * @param examples test images of that class
 */
public record ClassAccuracyRecord(int epoch, String mode, int label, double accuracy, int examples)
        implements Serializable {}
