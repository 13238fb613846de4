package org.normsweep.model.vector;

import java.util.List;
import org.normsweep.result.Divergence.Quantity;

/**
 * After a step that left something NaN or infinite, finds what and where first, in the order the step computed it
 * (see {@link org.normsweep.result.Divergence}): the stages' outputs of the forward pass (still in their buffers),
 * the loss, the parameter gradients walking back from the loss, then the updated parameters and BN moving statistics
 * in network order. Runs only on that path, once per diverged trial, so it may walk every buffer. Stages are named
 * as DL4J names its layers.
 */
final class FirstNonFinite {
    /** What went bad and in which DL4J layer. */
    record Site(Quantity quantity, String layer) {}

    private FirstNonFinite() {}

    static Site find(List<Stage> stages, List<Param> params, int batch, double loss) {
        // Activations: every stage's output up to the output layer's input (the output layer and the softmax are
        // the loss, as DL4J's forward-pass list stops there too). Dropout only scales its input: never first.
        int outLayer = stages.size() - 2;
        for (int i = 0; i < outLayer; i++) {
            Stage s = stages.get(i);
            if (s instanceof ActPool ap && !ap.activated && !finite(ap.act, batch * ap.channels * 784)) {
                return new Site(Quantity.ACTIVATION, ap.name.substring(0, ap.name.indexOf('+')));
            }
            if (!(s instanceof Dropout) && !finite(s.out, batch * s.width)) {
                return new Site(Quantity.ACTIVATION, layerOf(s));
            }
        }
        if (!finite(stages.get(outLayer).out, batch * stages.get(outLayer).width) || !Double.isFinite(loss)) {
            return new Site(Quantity.LOSS, "out");
        }
        for (int i = params.size() - 1; i >= 0; i--) {
            Param p = params.get(i);
            if (p.trainable && !finite(p.g, p.g.length)) {
                return new Site(Quantity.GRADIENT, p.layer);
            }
        }
        for (Stage s : stages) {
            for (Param p : params) {
                if (p.layer.equals(s.name) && !finite(p.w, p.w.length)) {
                    return new Site(Quantity.WEIGHT, p.layer);
                }
            }
            if (s instanceof BatchNorm bn && !bn.movingFinite()) {
                return new Site(Quantity.WEIGHT, bn.name);
            }
        }
        return null;
    }

    /** The DL4J layer a stage's output is: LeNet's fused first activation and pool is its pool's output. */
    private static String layerOf(Stage s) {
        int plus = s.name.indexOf('+');
        return plus < 0 ? s.name : s.name.substring(plus + 1);
    }

    private static boolean finite(float[] a, int n) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(a[i])) {
                return false;
            }
        }
        return true;
    }
}
