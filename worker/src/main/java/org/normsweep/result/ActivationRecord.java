package org.normsweep.result;

import java.io.Serializable;

/**
 * Statistics at one activation site on the fixed probe batch (training-mode forward and backward,
 * no update), as the seed notebooks' hooks recorded them.
 *
 * @param epoch             0 = before training, then 1-based after each epoch
 * @param layer             1-based activation (and BN) layer number
 * @param layerName         the block it ends, e.g. {@code conv1}
 * @param position          {@code pre}: the activation's input (BN output, or the conv/dense output when that BN is
 *                          excluded: the "BN position"); {@code post}: the activation's output
 * @param meanAbs           mean |a|
 * @param meanSq            mean a²
 * @param std               standard deviation of a (population)
 * @param saturatedFraction on {@code post} rows: the fraction of saturated units (sigmoid output below 0.05 or above
 *                          0.95; for ReLU, outputs equal to 0); null on {@code pre} rows
 * @param meanAbsGrad       mean |dL/da|, L the batch-mean loss
 */
public record ActivationRecord(
        int epoch,
        int layer,
        String layerName,
        String position,
        double meanAbs,
        double meanSq,
        double std,
        Double saturatedFraction,
        double meanAbsGrad)
        implements Serializable {}
