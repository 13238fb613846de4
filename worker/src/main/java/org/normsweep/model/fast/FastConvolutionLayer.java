package org.normsweep.model.fast;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running {@link FastConvolution}. Shapes: input x {@code [b, iC, H, W]}, weights W {@code [oC, iC, kH, kW]}
 * (DL4J's layout), output z {@code [b, oC, oH, oW]}; Q = iC*kH*kW values per patch, P = oH*oW positions.
 * <ul>
 *   <li>forward in training: z = W {@code [oC, Q]} x cols {@code [Q, b*P]}, cols from {@link Patches}, kept for
 *       the backward pass of the same input; at inference libnd4j's {@code conv2d} op;</li>
 *   <li>dW {@code [oC, Q]} = dZ {@code [oC, b*P]} x cols^T;</li>
 *   <li>db = dZ summed over b, P;</li>
 *   <li>dx = col2im(W^T {@code [Q, oC]} x dZ), skipped for the network's first layer, whose input gradient
 *       nobody reads (DL4J drops it; an uninitialised array of the right shape is handed back).</li>
 * </ul>
 * Gradients are of the summed per-example losses, as DL4J's layers return them. On a backend with a
 * convolution helper (cuDNN on CUDA) DL4J's own path runs instead.
 */
final class FastConvolutionLayer extends ConvolutionLayer {

    /** The patches of the last training forward pass ({@code [Q, b*P]}, outside workspaces) and its input. */
    private INDArray cols;

    private INDArray colsInput;
    private float[] colsBuffer;

    FastConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The input's patches as {@code [Q, b*P]}, remembered for the backward pass of the same input. */
    private INDArray patches(Geometry g) {
        long size = g.patch() * g.batch * g.outH * g.outW;
        if (cols == null || cols.length() != size) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                cols = Nd4j.createUninitialized(DataType.FLOAT, g.patch(), g.batch * g.outH * g.outW);
            }
            colsBuffer = new float[Math.toIntExact(size)];
        }
        float[] x = input.dup('c').data().asFloat();
        Patches.im2col(
                x,
                (int) g.batch,
                (int) g.inC,
                (int) g.inH,
                (int) g.inW,
                g.kH,
                g.kW,
                g.sH,
                g.sW,
                g.pH,
                g.pW,
                (int) g.outH,
                (int) g.outW,
                colsBuffer);
        FloatBuffer target = cols.data().asNioFloat();
        target.position(0);
        target.put(colsBuffer);
        colsInput = input;
        return cols;
    }

    private boolean usesDl4jPath() {
        return helper != null;
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr mgr) {
        if (usesDl4jPath()) {
            return super.preOutput(training, forBackprop, mgr);
        }
        assertInputSet(false);
        validateInputRank();
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, mgr);
        validateInputDepth(w.size(1));
        Geometry g = new Geometry(input, w, layerConf());
        INDArray z = mgr.createUninitialized(
                ArrayType.ACTIVATIONS, w.dataType(), new long[] {g.batch, g.outC, g.outH, g.outW}, 'c');
        INDArray bias = hasBias() ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, mgr) : null;
        if (training && input.dataType() == DataType.FLOAT) {
            // z = W x cols, keeping cols for this batch's backward pass.
            INDArray cols = patches(g);
            INDArray z2d = Nd4j.gemm(w.reshape('c', g.outC, g.patch()), cols, false, false);
            z.reshape('c', g.batch, g.outC, g.outH * g.outW)
                    .assign(z2d.reshape('c', g.outC, g.batch, g.outH * g.outW).permute(1, 0, 2));
            if (bias != null) {
                Nd4j.getExecutioner().exec(new BroadcastAddOp(z, bias.reshape(g.outC), z, 1));
            }
            return new Pair<>(z, null);
        }
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        if (bias != null) {
            op.addInputs(input, w, bias);
        } else {
            op.addInputs(input, w);
        }
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, data format (0 = NCHW), weight format (1 = [oC, iC, kH, kW])
        op.addIntegerArguments(g.kH, g.kW, g.sH, g.sW, g.pH, g.pW, 1, 1, 0, 0, 1)
                .addOutputs(z);
        Nd4j.exec(op.build());
        return new Pair<>(z, null);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        if (usesDl4jPath()) {
            return super.backpropGradient(epsilon, mgr);
        }
        assertInputSet(true);
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, mgr);
        Geometry g = new Geometry(input, w, layerConf());
        long positions = g.batch * g.outH * g.outW;

        // dZ as [oC, b*P] (identity activation: dZ is epsilon).
        INDArray dz = mgr.createUninitialized(
                ArrayType.BP_WORKING_MEM, epsilon.dataType(), new long[] {g.outC, g.batch, g.outH * g.outW}, 'c');
        dz.assign(epsilon.reshape('c', g.batch, g.outC, g.outH * g.outW).permute(1, 0, 2));
        INDArray dz2d = dz.reshape('c', g.outC, positions);

        INDArray cols2d = input == colsInput && cols != null ? cols : patches(g);
        colsInput = null;

        Gradient gradient = new DefaultGradient();
        INDArray wGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(dz2d, cols2d, wGrad.reshape('c', g.outC, g.patch()), false, true, 1.0, 0.0);
        if (hasBias()) {
            INDArray bGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            dz2d.sum(bGrad.reshape(g.outC), 1);
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, bGrad);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, wGrad, 'c');

        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        if (getIndex() > 0) {
            INDArray dcols = Nd4j.gemm(w.reshape('c', g.outC, g.patch()), dz2d, true, false);
            INDArray dcols6d = dcols.reshape('c', g.inC, g.kH, g.kW, g.batch, g.outH, g.outW)
                    .permute(3, 0, 1, 2, 4, 5);
            Convolution.col2im(dcols6d, dx, g.sH, g.sW, g.pH, g.pW, (int) g.inH, (int) g.inW, 1, 1);
        }
        weightNoiseParams.clear();
        return new Pair<>(gradient, dx);
    }

    /** Sizes of one convolution. */
    private static final class Geometry {
        final long batch;
        final long inC;
        final long inH;
        final long inW;
        final long outC;
        final long outH;
        final long outW;
        final int kH;
        final int kW;
        final int sH;
        final int sW;
        final int pH;
        final int pW;

        Geometry(INDArray input, INDArray w, org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf) {
            batch = input.size(0);
            inC = input.size(1);
            inH = input.size(2);
            inW = input.size(3);
            outC = w.size(0);
            kH = (int) w.size(2);
            kW = (int) w.size(3);
            sH = conf.getStride()[0];
            sW = conf.getStride()[1];
            pH = conf.getPadding()[0];
            pW = conf.getPadding()[1];
            outH = (inH + 2L * pH - kH) / sH + 1;
            outW = (inW + 2L * pW - kW) / sW + 1;
        }

        long patch() {
            return inC * kH * kW;
        }
    }
}
