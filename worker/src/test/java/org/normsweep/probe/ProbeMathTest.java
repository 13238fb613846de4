package org.normsweep.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.normsweep.model.ActivationSite;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.HistogramRecord;
import org.normsweep.trial.Activation;

/**
 * The probe's numbers on a network small enough to compute by hand: 2 inputs -> dense 2 -> sigmoid ->
 * dense 2 softmax, two examples, weights set here. The expected values are plain double arithmetic.
 */
class ProbeMathTest {
    static final double[][] W = {{0.5, -1.0}, {2.0, 0.25}}; // W[in][out]
    static final double[] B = {0.1, -0.2};
    static final double[][] V = {{1.0, -1.0}, {-0.5, 0.5}}; // V[hidden][class]
    static final double[] C = {0.0, 0.3};
    static final double[][] X = {{1.0, 2.0}, {-1.0, 0.5}};
    static final int[] Y = {0, 1};

    @Test
    void statisticsAndGradientsMatchHandComputation() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1))
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(2)
                        .nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY)
                        .build())
                .layer(new ActivationLayer.Builder()
                        .activation(org.nd4j.linalg.activations.Activation.SIGMOID)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(2)
                        .nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX)
                        .build())
                .build());
        net.init();
        net.getLayer(0).setParam("W", Nd4j.createFromArray(W));
        net.getLayer(0).setParam("b", Nd4j.createFromArray(new double[][] {B}));
        net.getLayer(2).setParam("W", Nd4j.createFromArray(V));
        net.getLayer(2).setParam("b", Nd4j.createFromArray(new double[][] {C}));
        DataSet batch = new DataSet(Nd4j.createFromArray(X), Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}}));
        BuiltNetwork built =
                new BuiltNetwork(net, Activation.SIGMOID, List.of(new ActivationSite(1, "fc1", 1)), List.of());

        // By hand: z = xW + b, a = sigmoid(z), p = softmax(aV + c), L = mean_i CE_i,
        // dL/da = (p - y) V^T / n, dL/dz = dL/da * a (1 - a).
        int n = X.length;
        double[][] z = new double[n][2];
        double[][] a = new double[n][2];
        double[][] dA = new double[n][2];
        double[][] dZ = new double[n][2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 2; j++) {
                z[i][j] = X[i][0] * W[0][j] + X[i][1] * W[1][j] + B[j];
                a[i][j] = 1 / (1 + Math.exp(-z[i][j]));
            }
            double[] logits = new double[2];
            for (int k = 0; k < 2; k++) {
                logits[k] = a[i][0] * V[0][k] + a[i][1] * V[1][k] + C[k];
            }
            double norm = Math.exp(logits[0]) + Math.exp(logits[1]);
            double[] dLogits = new double[2];
            for (int k = 0; k < 2; k++) {
                dLogits[k] = (Math.exp(logits[k]) / norm - (Y[i] == k ? 1 : 0)) / n;
            }
            for (int j = 0; j < 2; j++) {
                dA[i][j] = dLogits[0] * V[j][0] + dLogits[1] * V[j][1];
                dZ[i][j] = dA[i][j] * a[i][j] * (1 - a[i][j]);
            }
        }

        ProbeReading reading = ActivationProbe.measure(built, batch, 3);
        ActivationRecord pre = reading.activations().get(0);
        ActivationRecord post = reading.activations().get(1);
        assertEquals("pre", pre.position());
        assertEquals(3, pre.epoch());
        assertEquals(meanAbs(z), pre.meanAbs(), 1e-6);
        assertEquals(meanSq(z), pre.meanSq(), 1e-6);
        assertEquals(std(z), pre.std(), 1e-6);
        assertEquals(meanAbs(dZ), pre.meanAbsGrad(), 1e-6);
        assertEquals(meanAbs(a), post.meanAbs(), 1e-6);
        assertEquals(meanSq(a), post.meanSq(), 1e-6);
        assertEquals(meanAbs(dA), post.meanAbsGrad(), 1e-6);
        long saturated = 0;
        for (double[] row : a) {
            for (double v : row) {
                saturated += v < 0.05 || v > 0.95 ? 1 : 0;
            }
        }
        assertEquals(saturated / 4.0, post.saturatedFraction(), 1e-12);

        // Histogram of z: every value counted once, in the bin that holds it.
        List<HistogramRecord> preBins = reading.histograms().stream()
                .filter(h -> h.position().equals("pre"))
                .toList();
        assertEquals(82, preBins.size());
        assertEquals(4L, preBins.stream().mapToLong(HistogramRecord::count).sum());
        for (double[] row : z) {
            for (double v : row) {
                assertEquals(
                        1L,
                        preBins.stream()
                                .filter(h -> v >= h.binLow() && v < h.binHigh())
                                .count());
                assertTrue(preBins.stream().anyMatch(h -> v >= h.binLow() && v < h.binHigh() && h.count() >= 1));
            }
        }
    }

    private static void assertTrue(boolean condition) {
        org.junit.jupiter.api.Assertions.assertTrue(condition);
    }

    private static double meanAbs(double[][] m) {
        double s = 0;
        for (double[] r : m) {
            for (double v : r) {
                s += Math.abs(v);
            }
        }
        return s / (m.length * m[0].length);
    }

    private static double meanSq(double[][] m) {
        double s = 0;
        for (double[] r : m) {
            for (double v : r) {
                s += v * v;
            }
        }
        return s / (m.length * m[0].length);
    }

    private static double std(double[][] m) {
        double mean = 0;
        for (double[] r : m) {
            for (double v : r) {
                mean += v;
            }
        }
        mean /= m.length * m[0].length;
        return Math.sqrt(meanSq(m) - mean * mean);
    }
}
