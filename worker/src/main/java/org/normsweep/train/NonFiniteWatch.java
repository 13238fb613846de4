package org.normsweep.train;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.normsweep.result.Divergence;

/**
 * The divergence check of the DL4J and ND4J kernel paths ({@code net.fit}): a listener that DL4J calls inside each
 * step, after the forward pass (with the activations of every layer below the output layer) and after the gradients
 * (before the updater turns them into the step), and that notes the first layer in network order with a NaN or
 * infinite activation and the first, walking back from the loss, with a NaN or infinite parameter gradient. One
 * ND4J reduction per array (all finite?), reading what DL4J computed anyway; nothing is written, so training is the
 * same bits with and without it. {@link #divergence} then orders them with the loss and the updated weights as
 * {@link Divergence} says.
 */
final class NonFiniteWatch extends BaseTrainingListener {
    private final MultiLayerNetwork net;
    private String activationLayer;
    private String gradientLayer;

    NonFiniteWatch(MultiLayerNetwork net) {
        this.net = net;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        activationLayer = null;
        gradientLayer = null;
        // activations.get(0) is the input; get(i + 1) is layer i's output.
        for (int i = 1; i < activations.size(); i++) {
            if (!finite(activations.get(i))) {
                activationLayer = name(i - 1);
                return;
            }
        }
    }

    @Override
    public void onGradientCalculation(Model model) {
        for (int i = net.getnLayers() - 1; i >= 0; i--) {
            INDArray g = net.getLayer(i).getGradientsViewArray();
            if (g != null && !finite(g)) {
                gradientLayer = name(i);
                return;
            }
        }
    }

    /**
     * After a step whose score was {@code loss}: null when its activations, loss, gradients and updated parameters
     * were all finite, else what went bad first and where, as step {@code step} of epoch {@code epoch}.
     */
    Divergence divergence(double loss, int epoch, int step) {
        if (activationLayer != null) {
            return new Divergence(epoch, step, activationLayer, Divergence.Quantity.ACTIVATION);
        }
        if (!Double.isFinite(loss)) {
            return new Divergence(epoch, step, "out", Divergence.Quantity.LOSS);
        }
        if (gradientLayer != null) {
            return new Divergence(epoch, step, gradientLayer, Divergence.Quantity.GRADIENT);
        }
        // DL4J clips the cross-entropy it reports (log of at least 1e-10), so a blown-up network can show a finite
        // loss; its weights tell. One pass over all of them each step, the walk by layer only when one is bad.
        if (finite(net.params())) {
            return null;
        }
        for (int i = 0; i < net.getnLayers(); i++) {
            INDArray p = net.getLayer(i).params();
            if (p != null && !finite(p)) {
                return new Divergence(epoch, step, name(i), Divergence.Quantity.WEIGHT);
            }
        }
        return new Divergence(epoch, step, "out", Divergence.Quantity.WEIGHT);
    }

    private String name(int layer) {
        return net.getLayer(layer).conf().getLayer().getLayerName();
    }

    static boolean finite(INDArray a) {
        return a.length() == 0 || BooleanIndexing.and(a, Conditions.isFinite());
    }
}
