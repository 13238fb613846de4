package org.normsweep.model.scratch;

import static org.normsweep.model.scratch.ScratchBatchNormParams.BETA;
import static org.normsweep.model.scratch.ScratchBatchNormParams.GAMMA;
import static org.normsweep.model.scratch.ScratchBatchNormParams.MEAN;
import static org.normsweep.model.scratch.ScratchBatchNormParams.VAR;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.normsweep.model.scratch.ScratchBatchNorm.Mode;

/**
 * The running {@link ScratchBatchNorm}. Forward passes never change the moving statistics, in
 * training mode or not, so {@code output(x, true)} and probes are side-effect free; the moving
 * statistics are updated in {@link #backpropGradient}, the one step that only training takes
 * (note that {@code computeGradientAndScore} therefore updates them too).
 *
 * <p>Gradients follow DL4J's convention: they are gradients of the sum of the per-example losses
 * (the updater divides by the minibatch size), as DL4J's own batch norm returns them.
 */
final class ScratchBatchNormLayer extends BaseLayer<ScratchBatchNorm> {

    /** Per-channel statistics used for one pass and the normalised values they gave. */
    private record Normalized(INDArray mean, INDArray var, INDArray std, INDArray xhat) {}

    ScratchBatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.NORMALIZATION;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void fit(INDArray data, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("ScratchBatchNorm has no layerwise pretraining");
    }

    /** The moving statistics get a zero gradient and a NoOp updater: no division by the batch size either. */
    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return !ScratchBatchNormParams.isMovingStatistic(paramName);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = PerChannel.broadcastable(input);
        // Written straight into the activations workspace, then scaled and shifted in place.
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
        if (training) {
            normalizeWithBatch(x, y);
        } else {
            normalize(x, getParam(MEAN), getParam(VAR), y);
        }
        if (layerConf().getMode().affine()) {
            PerChannel.mul(y, getParam(GAMMA), y);
            PerChannel.add(y, getParam(BETA), y);
        }
        return y;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Mode mode = layerConf().getMode();
        INDArray x = PerChannel.broadcastable(input);
        INDArray eps = PerChannel.broadcastable(epsilon);
        int[] dims = PerChannel.statDims(x);
        // Recomputed rather than cached from the forward pass, which may have been an inference pass.
        Normalized n = normalizeWithBatch(x, x.ulike());
        Gradient gradient = new DefaultGradient();

        // g = dL/dxhat
        INDArray g = eps;
        if (mode.affine()) {
            gradient.setGradientFor(
                    GAMMA, gradientViews.get(GAMMA).assign(eps.mul(n.xhat()).sum(dims)));
            gradient.setGradientFor(BETA, gradientViews.get(BETA).assign(eps.sum(dims)));
            g = PerChannel.mul(eps, getParam(GAMMA), eps.ulike());
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        inputGradient(mode, x, n, g, dims, dx);

        // The moving statistics are not trained: zero gradient, and the momentum update done here.
        gradient.setGradientFor(MEAN, gradientViews.get(MEAN).assign(0));
        gradient.setGradientFor(VAR, gradientViews.get(VAR).assign(0));
        updateMovingStatistics(n.mean(), n.var());
        return new Pair<>(gradient, dx);
    }

    /**
     * dL/dx for u = (x - mean) / s, s = sqrt(var + eps), var the biased batch variance:
     * <ul>
     *   <li>FULL, NO_AFFINE (xhat = u): dx = (g - mean(g) - u * mean(g * u)) / s</li>
     *   <li>MEAN_ONLY (xhat = x - mean): dx = g - mean(g)</li>
     *   <li>STD_ONLY (xhat = x / s): dx = (g - u * mean(g * xhat)) / s, since d(1/s)/dx_i = -u_i / (count * s^2)
     *       and the mean's own dependence on x cancels (the deviations sum to zero)</li>
     * </ul>
     * Means are per channel over {@link PerChannel#statDims}.
     */
    private static void inputGradient(Mode mode, INDArray x, Normalized n, INDArray g, int[] dims, INDArray dx) {
        dx.assign(g);
        if (mode.centres()) {
            PerChannel.sub(dx, g.mean(dims), dx);
        }
        if (mode.scales()) {
            INDArray gXhatMean = g.mul(n.xhat()).mean(dims);
            INDArray u = mode.centres()
                    ? n.xhat()
                    : PerChannel.div(PerChannel.sub(x, n.mean(), x.ulike()), n.std(), x.ulike());
            dx.subi(PerChannel.mul(u, gXhatMean, u.ulike()));
            PerChannel.div(dx, n.std(), dx);
        }
    }

    /** Normalises with the batch's per-channel mean and biased variance, as d2l's batch_norm and DL4J do. */
    private Normalized normalizeWithBatch(INDArray x, INDArray out) {
        int[] dims = PerChannel.statDims(x);
        return normalize(x, x.mean(dims), x.var(false, dims), out);
    }

    /** Writes xhat into {@code out}. */
    private Normalized normalize(INDArray x, INDArray mean, INDArray var, INDArray out) {
        Mode mode = layerConf().getMode();
        INDArray std = Transforms.sqrt(var.add(layerConf().getEps()), false);
        if (mode.centres()) {
            PerChannel.sub(x, mean, out);
        } else {
            out.assign(x);
        }
        if (mode.scales()) {
            PerChannel.div(out, std, out);
        }
        return new Normalized(mean, var, std, out);
    }

    private void updateMovingStatistics(INDArray batchMean, INDArray batchVar) {
        double m = layerConf().getMomentum();
        getParam(MEAN).muli(1 - m).addi(batchMean.mul(m));
        getParam(VAR).muli(1 - m).addi(batchVar.mul(m));
    }
}
