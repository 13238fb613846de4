package org.normsweep.model.scratch;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.normsweep.model.LayerWiring;

/**
 * Configuration of a from-scratch batch normalization layer, after d2l's {@code batch_norm}: in
 * training it normalises each channel with the batch mean and biased variance (over N for dense
 * {@code [N,C]} input, over N,H,W for NCHW input); at inference with moving averages updated as
 * {@code moving = (1 - momentum) * moving + momentum * batchStat}; then {@code y = gamma * xhat + beta}.
 *
 * <p>In {@link Mode#FULL} it computes what DL4J's {@code BatchNormalization} computes; the other modes
 * are the ablations. Its output type is its input type, so DL4J puts no preprocessor in front of it.
 * The moving statistics change only in a backward pass (see {@link ScratchBatchNormLayer}).
 *
 * <p>The no-argument constructor and the setters are for DL4J's Jackson (de)serialization and
 * {@code clone()}.
 */
public class ScratchBatchNorm extends FeedForwardLayer {
    public static final double DEFAULT_EPS = 1e-5;
    public static final double DEFAULT_MOMENTUM = 0.1;

    /** What the layer normalises with, and whether it learns gamma and beta. */
    public enum Mode {
        /** xhat = (x - mean) / sqrt(var + eps); learned gamma, beta. */
        FULL(true, true, true),
        /** The same xhat with no gamma or beta parameters: y = xhat. */
        NO_AFFINE(true, true, false),
        /** xhat = x - mean; learned gamma, beta. */
        MEAN_ONLY(true, false, true),
        /** xhat = x / sqrt(var + eps), var still taken around the mean; learned gamma, beta. */
        STD_ONLY(false, true, true);

        private final boolean centres;
        private final boolean scales;
        private final boolean affine;

        Mode(boolean centres, boolean scales, boolean affine) {
            this.centres = centres;
            this.scales = scales;
            this.affine = affine;
        }

        /** Subtracts the mean. */
        public boolean centres() {
            return centres;
        }

        /** Divides by sqrt(var + eps). */
        public boolean scales() {
            return scales;
        }

        /** Has gamma and beta. */
        public boolean affine() {
            return affine;
        }
    }

    private Mode mode = Mode.FULL;
    private double eps = DEFAULT_EPS;
    private double momentum = DEFAULT_MOMENTUM;

    public ScratchBatchNorm() {}

    public ScratchBatchNorm(String name, Mode mode) {
        setLayerName(name);
        setMode(mode);
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    public double getEps() {
        return eps;
    }

    public void setEps(double eps) {
        if (!(eps > 0)) {
            throw new IllegalArgumentException("ScratchBatchNorm eps must be > 0, found " + eps);
        }
        this.eps = eps;
    }

    public double getMomentum() {
        return momentum;
    }

    public void setMomentum(double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("ScratchBatchNorm momentum must be in [0, 1], found " + momentum);
        }
        this.momentum = momentum;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDataType) {
        if (nOut <= 0) {
            throw new IllegalStateException("ScratchBatchNorm " + layerName + " (layer " + layerIndex
                    + ") has no channel count: build the network with setInputType(...) or call setNIn/setNOut");
        }
        return LayerWiring.wire(
                new ScratchBatchNormLayer(conf, networkDataType),
                conf,
                initializer(),
                listeners,
                layerIndex,
                paramsView,
                initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return ScratchBatchNormParams.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        channels(inputType);
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            nIn = channels(inputType);
            nOut = nIn;
        }
    }

    /** None: the layer takes dense and NCHW activations as they are (no CNN-to-dense flattening). */
    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        channels(inputType);
        return null;
    }

    /**
     * None, for any parameter: gamma and beta are not regularized (as in DL4J's batch norm), and the
     * moving statistics must not be moved by anything but the momentum update.
     */
    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return Collections.emptyList();
    }

    /** The network's updater for gamma and beta; NoOp for the moving statistics, whose gradient is zero. */
    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        if (ScratchBatchNormParams.isMovingStatistic(paramName)) {
            return new NoOp();
        }
        if (ScratchBatchNormParams.GAMMA.equals(paramName) || ScratchBatchNormParams.BETA.equals(paramName)) {
            return iUpdater;
        }
        throw new IllegalArgumentException("ScratchBatchNorm " + layerName + " has no parameter " + paramName);
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long perExample = out.arrayElementsPerExample();
        // Beyond the output: one temporary of the input's size at inference, about four in a backward pass.
        return new LayerMemoryReport.Builder(layerName, ScratchBatchNorm.class, inputType, out)
                .standardMemory(initializer().numParams(this), 0)
                .workingMemory(0, perExample, 0, 4 * perExample)
                .cacheMemory(0, 0)
                .build();
    }

    private long channels(InputType inputType) {
        if (inputType instanceof InputType.InputTypeFeedForward) {
            return ((InputType.InputTypeFeedForward) inputType).getSize();
        }
        if (inputType instanceof InputType.InputTypeConvolutional) {
            InputType.InputTypeConvolutional cnn = (InputType.InputTypeConvolutional) inputType;
            if (cnn.getFormat() != CNN2DFormat.NCHW) {
                throw new IllegalArgumentException(
                        "ScratchBatchNorm " + layerName + " takes NCHW activations, found " + cnn.getFormat());
            }
            return cnn.getChannels();
        }
        throw new IllegalArgumentException("ScratchBatchNorm " + layerName + " goes after a dense or convolution "
                + "layer (input type FF or CNN), found " + inputType);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ScratchBatchNorm) || !super.equals(o)) {
            return false;
        }
        ScratchBatchNorm other = (ScratchBatchNorm) o;
        return mode == other.mode
                && Double.compare(eps, other.eps) == 0
                && Double.compare(momentum, other.momentum) == 0;
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof ScratchBatchNorm;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), mode, eps, momentum);
    }

    @Override
    public String toString() {
        return "ScratchBatchNorm(name=" + layerName + ", mode=" + mode + ", channels=" + nOut + ", eps=" + eps
                + ", momentum=" + momentum + ")";
    }
}
