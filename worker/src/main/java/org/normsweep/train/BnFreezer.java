package org.normsweep.train;

import org.deeplearning4j.nn.api.Layer;
import org.normsweep.model.BnSite;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.trial.BnVariant;

/**
 * Keeps frozen BN parameters at their initial values (gamma 1, beta 0) by resetting them after every
 * SGD step. This is exactly "never updated", the notebook's {@code requires_grad=False} (with momentum too: DL4J's
 * updater still moves their velocity, but every step's change is undone), and it works the same for DL4J's and the
 * from-scratch layer. The vector engine never steps frozen parameters at all.
 */
final class BnFreezer {
    private BnFreezer() {}

    static void apply(BuiltNetwork built, BnVariant variant) {
        if (!variant.freezesGamma() && !variant.freezesBeta()) {
            return;
        }
        for (BnSite site : built.bnLayers()) {
            Layer layer = built.network().getLayer(site.layerIndex());
            if (variant.freezesGamma()) {
                layer.getParam("gamma").assign(1.0);
            }
            if (variant.freezesBeta()) {
                layer.getParam("beta").assign(0.0);
            }
        }
    }
}
