package org.normsweep.model.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.normsweep.model.scratch.BatchNormFixtures.assertClose;
import static org.normsweep.model.scratch.BatchNormFixtures.channelData;
import static org.normsweep.model.scratch.BatchNormFixtures.singleLayer;

import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.normsweep.model.scratch.ScratchBatchNorm.Mode;

/** One {@link ScratchBatchNorm} driven directly: each mode's forward and backward, and NCHW statistics. */
class ScratchBatchNormModesTest {
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();
    private static final double[][] X = {{1.0, -2.0, 0.5}, {3.0, 0.0, 1.5}, {-1.0, 4.0, 2.5}, {2.0, 1.0, -0.5}};
    private static final double[] GAMMA = {1.5, -0.7, 2.0};
    private static final double[] BETA = {0.1, 0.2, -0.3};

    @ParameterizedTest
    @EnumSource(Mode.class)
    void denseForwardMatchesPlainJava(Mode mode) {
        Layer layer = tinyDenseLayer(mode);
        INDArray x = Nd4j.createFromArray(X);
        double[][] batch = BatchNormFixtures.channelStats(x);
        assertClose(
                Nd4j.createFromArray(expected(mode, batch[0], batch[1])),
                layer.activate(x, true, NO_WS),
                1e-12,
                mode + " training");

        double[] movingMean = {0.5, -1.0, 2.0};
        double[] movingVar = {2.0, 0.5, 4.0};
        layer.getParam("mean").assign(Nd4j.createFromArray(movingMean));
        layer.getParam("var").assign(Nd4j.createFromArray(movingVar));
        assertClose(
                Nd4j.createFromArray(expected(mode, movingMean, movingVar)),
                layer.activate(x, false, NO_WS),
                1e-12,
                mode + " inference");
    }

    /** The layer on 3 features in double precision, with gamma and beta away from 1 and 0 when it has them. */
    private static Layer tinyDenseLayer(Mode mode) {
        Layer layer =
                singleLayer(mode, InputType.feedForward(3), DataType.DOUBLE).getLayer(0);
        if (mode.affine()) {
            layer.getParam("gamma").assign(Nd4j.createFromArray(GAMMA));
            layer.getParam("beta").assign(Nd4j.createFromArray(BETA));
        }
        return layer;
    }

    /** d2l's formulas with plain loops, for the 4x3 input {@link #X}. */
    private static double[][] expected(Mode mode, double[] mean, double[] var) {
        double[][] y = new double[X.length][X[0].length];
        for (int i = 0; i < X.length; i++) {
            for (int c = 0; c < X[0].length; c++) {
                double xhat = X[i][c];
                if (mode.centres()) {
                    xhat -= mean[c];
                }
                if (mode.scales()) {
                    xhat /= Math.sqrt(var[c] + 1e-5);
                }
                y[i][c] = mode.affine() ? GAMMA[c] * xhat + BETA[c] : xhat;
            }
        }
        return y;
    }

    static Stream<Arguments> modesAndShapes() {
        return Stream.of(Mode.values())
                .flatMap(m -> Stream.of(Arguments.of(m, new long[] {4, 3}), Arguments.of(m, new long[] {2, 3, 2, 2})));
    }

    /** f(x, gamma, beta) = sum(y * w) for a fixed w, so the backward pass with epsilon = w is its gradient. */
    @ParameterizedTest
    @MethodSource("modesAndShapes")
    void gradientsMatchCentralDifferences(Mode mode, long[] shape) {
        InputType type = shape.length == 2
                ? InputType.feedForward(shape[1])
                : InputType.convolutional(shape[2], shape[3], shape[1]);
        Layer layer = singleLayer(mode, type, DataType.DOUBLE).getLayer(0);
        if (mode.affine()) {
            layer.getParam("gamma").assign(Nd4j.createFromArray(GAMMA));
            layer.getParam("beta").assign(Nd4j.createFromArray(BETA));
        }
        INDArray x = channelData(1, DataType.DOUBLE, shape);
        INDArray w = channelData(2, DataType.DOUBLE, shape);
        DoubleSupplier f =
                () -> layer.activate(x, true, NO_WS).mul(w).sumNumber().doubleValue();

        f.getAsDouble();
        var backward = layer.backpropGradient(w, NO_WS);
        Gradient grads = backward.getFirst();
        // Double precision, h = 1e-5: truncation ~1e-10 and rounding ~1e-11 against O(1) gradients.
        assertClose(centralDifferences(f, x), backward.getSecond(), 1e-7, mode + " dL/dx");
        for (String key : mode.affine() ? List.of("gamma", "beta") : List.<String>of()) {
            INDArray analytic = grads.getGradientFor(key).dup();
            assertClose(centralDifferences(f, layer.getParam(key)), analytic, 1e-7, mode + " dL/d" + key);
        }
    }

    /** Perturbs each element of {@code v} in place and puts it back. */
    private static INDArray centralDifferences(DoubleSupplier f, INDArray v) {
        double h = 1e-5;
        INDArray flat = v.reshape(v.length());
        INDArray out = Nd4j.zeros(DataType.DOUBLE, v.length());
        for (long i = 0; i < v.length(); i++) {
            double orig = flat.getDouble(i);
            flat.putScalar(i, orig + h);
            double up = f.getAsDouble();
            flat.putScalar(i, orig - h);
            double down = f.getAsDouble();
            flat.putScalar(i, orig);
            out.putScalar(i, (up - down) / (2 * h));
        }
        return out.reshape(v.shape());
    }

    @Test
    void noAffineHasOnlyMovingStatisticsAndEqualsFullWithUnitGamma() {
        InputType type = InputType.convolutional(3, 3, 4);
        MultiLayerNetwork noAffine = singleLayer(Mode.NO_AFFINE, type, DataType.FLOAT);
        MultiLayerNetwork full = singleLayer(Mode.FULL, type, DataType.FLOAT);
        assertEquals(2 * 4, noAffine.numParams());
        assertEquals(4 * 4, full.numParams());
        assertEquals(
                List.of("mean", "var"),
                List.copyOf(noAffine.getLayer(0).paramTable().keySet()));

        INDArray x = channelData(3, DataType.FLOAT, 5, 4, 3, 3);
        INDArray eps = channelData(4, DataType.FLOAT, 5, 4, 3, 3);
        Layer a = noAffine.getLayer(0);
        Layer b = full.getLayer(0);
        // gamma = 1 and beta = 0 change no float bit, so the two agree exactly.
        assertClose(b.activate(x, true, NO_WS), a.activate(x, true, NO_WS), 0, "training output");
        assertClose(
                b.backpropGradient(eps, NO_WS).getSecond(),
                a.backpropGradient(eps, NO_WS).getSecond(),
                0,
                "input gradient");
        assertClose(b.getParam("var"), a.getParam("var"), 0, "moving var after one backward pass");
        assertClose(b.activate(x, false, NO_WS), a.activate(x, false, NO_WS), 0, "inference output");
    }

    @Test
    void convolutionalStatisticsArePerChannelOverBatchAndSpace() {
        Layer layer = singleLayer(Mode.FULL, InputType.convolutional(4, 5, 2), DataType.FLOAT)
                .getLayer(0);
        INDArray x = channelData(5, DataType.FLOAT, 3, 2, 4, 5);
        double[][] stats = BatchNormFixtures.channelStats(x);
        double[] v = x.dup('c').data().asDouble();
        double[] y = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int c = (i / 20) % 2;
            y[i] = (v[i] - stats[0][c]) / Math.sqrt(stats[1][c] + 1e-5);
        }
        assertClose(Nd4j.create(y, x.shape(), 'c'), layer.activate(x, true, NO_WS), 1e-5, "normalised NCHW");

        assertClose(new double[] {0, 0}, layer.getParam("mean"), 0, "moving mean after a forward pass");

        layer.backpropGradient(Nd4j.onesLike(x), NO_WS);
        double[] mean = new double[2];
        double[] var = new double[2];
        for (int c = 0; c < 2; c++) {
            mean[c] = 0.9 * 0 + 0.1 * stats[0][c];
            var[c] = 0.9 * 1 + 0.1 * stats[1][c];
        }
        assertClose(mean, layer.getParam("mean"), 1e-6, "moving mean after a backward pass");
        assertClose(var, layer.getParam("var"), 1e-6, "moving var after a backward pass");
    }
}
