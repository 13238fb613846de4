package org.normsweep.result;

import java.io.Serializable;
import java.util.Locale;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/**
 * Where and when a DIVERGED trial went bad: the first step at which a loss, weight, activation or gradient became NaN
 * or infinite (no other blow-up bound: a value is only "blown up" once it leaves float32's range), and the first
 * layer where it happened. The quantities are looked at in the order a step computes them (activations, the loss,
 * gradients, the update's weights), so the one named is where the trouble showed first:
 * <ul>
 *   <li>{@link Quantity#ACTIVATION}: the output of a layer before the output layer (DL4J's forward-pass list: conv,
 *       BN, activation and pooling layers), the first in network order;</li>
 *   <li>{@link Quantity#LOSS}: the output layer ({@code out}: logits, softmax and cross-entropy);</li>
 *   <li>{@link Quantity#GRADIENT}: a parameter gradient, the first layer walking back from the loss (where the
 *       backward pass produced it; every layer below it inherits it);</li>
 *   <li>{@link Quantity#WEIGHT}: a parameter (or BN moving statistic) after the SGD update, the first in network
 *       order.</li>
 * </ul>
 * Layers are named as DL4J's network names them ({@code conv1}, {@code bn1}, {@code act1}, {@code pool1}, ...,
 * {@code fc1}, {@code out}) on every kernel path.
 *
 * @param epoch    1-based
 * @param step     0-based over the whole trial, as {@link StepRecord#step()}: the step whose row is the last
 * @param layer    the layer's name
 * @param quantity what became NaN or infinite
 */
public record Divergence(int epoch, int step, String layer, Quantity quantity) implements Serializable {
    /** What became NaN or infinite; {@link #column()} is its value in {@code trials.diverged_quantity}. */
    public enum Quantity {
        ACTIVATION,
        LOSS,
        GRADIENT,
        WEIGHT;

        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The trial's error text: what went bad where and when, and what to try (a lower lr, gradient clipping, and BN in
     * the layer's block where the trial excluded it), e.g. {@code activations of conv1 became NaN or infinite at
     * epoch 1, step 3 (diverged_quantity activation, diverged_layer conv1); try a lower lr (now 4.0), gradient
     * clipping, or BN layer 1 after conv1 (bn_exclude [1, 2, 3, 4] removed it)}.
     */
    public String message(TrialSpec spec) {
        String what =
                switch (quantity) {
                    case ACTIVATION -> "activations of " + layer + " became NaN or infinite";
                    case LOSS -> "training loss (" + layer + ") became NaN or infinite";
                    case GRADIENT -> "gradients of " + layer + "'s parameters became NaN or infinite";
                    case WEIGHT -> "weights of " + layer + " became NaN or infinite in the SGD update";
                };
        StringBuilder s = new StringBuilder(what)
                .append(" at epoch ")
                .append(epoch)
                .append(", step ")
                .append(step)
                .append(" (diverged_quantity ")
                .append(quantity.column())
                .append(", diverged_layer ")
                .append(layer)
                .append("); try a lower lr (now ")
                .append(spec.lr())
                .append("), gradient clipping");
        int bn = bnLayerOf(spec.model(), layer);
        if (bn > 0 && !spec.hasBn(bn)) {
            s.append(", or BN layer ")
                    .append(bn)
                    .append(" in ")
                    .append(layer)
                    .append("'s block (bn_exclude ")
                    .append(spec.bnExcluded())
                    .append(" removed it)");
        } else if (bn > 0 && !layer.startsWith("bn")) {
            s.append(" (BN layer ")
                    .append(bn)
                    .append(" is already in ")
                    .append(layer)
                    .append("'s block)");
        }
        return s.toString();
    }

    /**
     * The BN layer (1-based, network order) of {@code layer}'s block: the one after its conv or dense layer, before
     * its activation (LeNet's pool after it too); 0 for the output layer.
     */
    static int bnLayerOf(ModelKind model, String layer) {
        String digits = layer.replaceAll("^[a-z]+", "");
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        int n = Integer.parseInt(digits);
        // LeNet's fc1 and fc2 are its blocks 3 and 4; the MLP's are 1 and 2.
        return layer.startsWith("fc") && model == ModelKind.LENET ? n + 2 : n;
    }
}
