package org.normsweep.model.fast;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running {@link FastBatchNorm}, for NCHW {@code [N, C, H, W]} and dense {@code [N, C]} float input: per
 * channel, over its m = N*H*W values,
 * <ul>
 *   <li>training forward: mean and biased variance of the batch, xhat = (x - mean) / sqrt(var + eps),
 *       y = gamma xhat + beta; inference: the moving mean and variance instead;</li>
 *   <li>backward, with g = dL/dy * gamma: dbeta = sum dL/dy, dgamma = sum dL/dy * xhat,
 *       dx = (g - mean(g) - xhat * mean(g * xhat)) / sqrt(var + eps) (DL4J's formula, rearranged);</li>
 *   <li>the moving statistics' "gradients" exactly as DL4J forms them (the step subtracts them):
 *       (1 - decay)(moving mean - batch mean), and log10 std's log(var_t / var_t+1) / (2 ln 10).</li>
 * </ul>
 * Sums are taken in double. Statistics past float32's range, other input (NHWC, other types) and backends with a
 * helper (cuDNN) take DL4J's path.
 */
final class FastBatchNormLayer extends BatchNormalization {
    private static final double ONE_ON_2_LN_10 = 1.0 / (2 * Math.log(10.0));

    /** What the last training forward pass left for its backward pass. */
    private INDArray savedInput;

    private float[] xhat;
    private double[] batchMean;
    private double[] batchVar;
    private double[] std;

    FastBatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean fastPath(INDArray x) {
        return getHelper() == null
                && x.dataType() == DataType.FLOAT
                && (x.rank() == 2 || x.rank() == 4)
                && layerConf().getCnn2DFormat() == CNN2DFormat.NCHW;
    }

    @Override
    public INDArray preOutput(INDArray x, TrainingMode training, LayerWorkspaceMgr mgr) {
        if (!fastPath(x)) {
            savedInput = null;
            return super.preOutput(x, training, mgr);
        }
        if (x.size(1) != layerConf().getNOut()) {
            throw new IllegalArgumentException("input.size(1) does not match expected input size of "
                    + layerConf().getNOut() + " - got input array with shape " + java.util.Arrays.toString(x.shape()));
        }
        Shape s = new Shape(x);
        float[] in = x.dup('c').data().asFloat();
        double[] mean;
        double[] var;
        if (training == TrainingMode.TRAIN) {
            mean = new double[s.channels];
            var = new double[s.channels];
            for (int c = 0; c < s.channels; c++) {
                double sum = 0;
                for (int n = 0; n < s.batch; n++) {
                    for (int i = s.start(n, c), end = i + s.plane; i < end; i++) {
                        sum += in[i];
                    }
                }
                mean[c] = sum / s.count;
                double sq = 0;
                for (int n = 0; n < s.batch; n++) {
                    for (int i = s.start(n, c), end = i + s.plane; i < end; i++) {
                        double d = in[i] - mean[c];
                        sq += d * d;
                    }
                }
                var[c] = sq / s.count;
            }
        } else {
            mean = toDouble(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
            var = movingVariance();
        }
        if (!inFloatRange(mean) || !inFloatRange(var)) {
            // Past float32's range (a blown-up network) DL4J's own code runs, so overflow ends a trial as it would
            // with DL4J's layer (the double sums here would otherwise keep such a network finite).
            savedInput = null;
            return super.preOutput(x, training, mgr);
        }
        double[] sd = new double[s.channels];
        for (int c = 0; c < s.channels; c++) {
            sd[c] = Math.sqrt(var[c] + layerConf().getEps());
        }
        double[] gamma = gammaValues(s.channels);
        double[] beta = betaValues(s.channels);
        float[] xh = new float[in.length];
        float[] out = new float[in.length];
        for (int n = 0; n < s.batch; n++) {
            for (int c = 0; c < s.channels; c++) {
                double m = mean[c];
                double inv = 1.0 / sd[c];
                double g = gamma[c];
                double b = beta[c];
                for (int i = s.start(n, c), end = i + s.plane; i < end; i++) {
                    float h = (float) ((in[i] - m) * inv);
                    xh[i] = h;
                    out[i] = (float) (g * h + b);
                }
            }
        }
        if (training == TrainingMode.TRAIN) {
            savedInput = x;
            xhat = xh;
            batchMean = mean;
            batchVar = var;
            std = sd;
        }
        INDArray y = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
        write(y, out);
        return y;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        if (savedInput == null || savedInput != input || !fastPath(epsilon)) {
            return super.backpropGradient(epsilon, mgr);
        }
        Shape s = new Shape(epsilon);
        float[] eps = epsilon.dup('c').data().asFloat();
        double[] gamma = gammaValues(s.channels);
        double[] dGamma = new double[s.channels];
        double[] dBeta = new double[s.channels];
        for (int c = 0; c < s.channels; c++) {
            double sumEps = 0;
            double sumEpsXhat = 0;
            for (int n = 0; n < s.batch; n++) {
                for (int i = s.start(n, c), end = i + s.plane; i < end; i++) {
                    sumEps += eps[i];
                    sumEpsXhat += (double) eps[i] * xhat[i];
                }
            }
            dBeta[c] = sumEps;
            dGamma[c] = sumEpsXhat;
        }
        float[] dx = new float[eps.length];
        for (int c = 0; c < s.channels; c++) {
            double g = gamma[c];
            double meanG = g * dBeta[c] / s.count;
            double meanGXhat = g * dGamma[c] / s.count;
            double inv = 1.0 / std[c];
            for (int n = 0; n < s.batch; n++) {
                for (int i = s.start(n, c), end = i + s.plane; i < end; i++) {
                    dx[i] = (float) ((g * eps[i] - meanG - xhat[i] * meanGXhat) * inv);
                }
            }
        }

        Gradient gradient = new DefaultGradient();
        if (!layerConf().isLockGammaBeta()) {
            gradient.setGradientFor(
                    BatchNormalizationParamInitializer.GAMMA,
                    assign(gradientViews.get(BatchNormalizationParamInitializer.GAMMA), dGamma));
            gradient.setGradientFor(
                    BatchNormalizationParamInitializer.BETA,
                    assign(gradientViews.get(BatchNormalizationParamInitializer.BETA), dBeta));
        }
        double decay = layerConf().getDecay();
        double[] globalMean = toDouble(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
        double[] dMean = new double[s.channels];
        for (int c = 0; c < s.channels; c++) {
            dMean[c] = (globalMean[c] - batchMean[c]) * (1 - decay);
        }
        gradient.setGradientFor(
                BatchNormalizationParamInitializer.GLOBAL_MEAN,
                assign(gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN), dMean));
        double[] moving = movingVariance();
        double[] dVar = new double[s.channels];
        String key;
        if (layerConf().isUseLogStd()) {
            key = BatchNormalizationParamInitializer.GLOBAL_LOG_STD;
            for (int c = 0; c < s.channels; c++) {
                double next = decay * moving[c] + (1 - decay) * batchVar[c];
                dVar[c] = Math.log(moving[c] / next) * ONE_ON_2_LN_10;
            }
        } else {
            key = BatchNormalizationParamInitializer.GLOBAL_VAR;
            for (int c = 0; c < s.channels; c++) {
                dVar[c] = (moving[c] - batchVar[c]) * (1 - decay);
            }
        }
        gradient.setGradientFor(key, assign(gradientViews.get(key), dVar));

        INDArray next = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, epsilon.shape(), 'c');
        write(next, dx);
        savedInput = null;
        xhat = null;
        return new Pair<>(gradient, next);
    }

    private static boolean inFloatRange(double[] values) {
        for (double v : values) {
            if (!Float.isFinite((float) v)) {
                return false;
            }
        }
        return true;
    }

    /** The moving variance, from log10(std) when the layer stores that. */
    private double[] movingVariance() {
        if (layerConf().isUseLogStd()) {
            double[] log10Std = toDouble(getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
            double[] var = new double[log10Std.length];
            for (int c = 0; c < var.length; c++) {
                double sd = Math.pow(10.0, log10Std[c]);
                var[c] = sd * sd;
            }
            return var;
        }
        return toDouble(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
    }

    private double[] gammaValues(int channels) {
        return affine(BatchNormalizationParamInitializer.GAMMA, layerConf().getGamma(), channels);
    }

    private double[] betaValues(int channels) {
        return affine(BatchNormalizationParamInitializer.BETA, layerConf().getBeta(), channels);
    }

    /** Parameter {@code key} per channel, or the layer's fixed value when gamma and beta are locked. */
    private double[] affine(String key, double locked, int channels) {
        if (layerConf().isLockGammaBeta()) {
            double[] values = new double[channels];
            java.util.Arrays.fill(values, locked);
            return values;
        }
        return toDouble(getParam(key));
    }

    private static double[] toDouble(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static INDArray assign(INDArray view, double[] values) {
        return view.assign(Nd4j.createFromArray(values).castTo(view.dataType()).reshape(view.shape()));
    }

    private static void write(INDArray target, float[] values) {
        FloatBuffer buffer = target.data().asNioFloat();
        buffer.position(0);
        buffer.put(values);
    }

    /** NCHW (or [N, C], a plane of one) sizes and where example n's channel c starts. */
    private static final class Shape {
        final int batch;
        final int channels;
        final int plane;
        final long count;

        Shape(INDArray x) {
            batch = (int) x.size(0);
            channels = (int) x.size(1);
            plane = x.rank() == 4 ? (int) (x.size(2) * x.size(3)) : 1;
            count = (long) batch * plane;
        }

        int start(int n, int c) {
            return (n * channels + c) * plane;
        }
    }
}
