package org.normsweep.model.scratch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks around batch norm layers, and plain-Java statistics to check them against. */
final class BatchNormFixtures {
    /** Where the two batch norm layers sit in {@link #smallLeNet}. */
    static final int CONV_BN = 1;

    static final int DENSE_BN = 5;
    static final double LR = 0.1;

    private BatchNormFixtures() {}

    /**
     * conv 6@5x5 -> bn -> sigmoid -> avg-pool 2 -> dense 20 -> bn -> sigmoid -> dense 10 softmax,
     * on 28x28 images, Xavier init, SGD, float32; {@code l2} applies to every layer that accepts it.
     */
    static MultiLayerNetwork smallLeNet(Layer convBn, Layer denseBn, double l2) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.FLOAT)
                .updater(new Sgd(LR))
                .weightInit(WeightInit.XAVIER)
                .l2(l2)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5)
                        .name("conv")
                        .nOut(6)
                        .activation(Activation.IDENTITY)
                        .build())
                .layer(convBn)
                .layer(new ActivationLayer.Builder()
                        .activation(Activation.SIGMOID)
                        .build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG)
                        .kernelSize(2, 2)
                        .stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder()
                        .name("fc")
                        .nOut(20)
                        .activation(Activation.IDENTITY)
                        .build())
                .layer(denseBn)
                .layer(new ActivationLayer.Builder()
                        .activation(Activation.SIGMOID)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .name("out")
                        .nOut(10)
                        .activation(Activation.SOFTMAX)
                        .build());
        list.setInputType(InputType.convolutionalFlat(28, 28, 1));
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** A network of one {@link ScratchBatchNorm}, for driving the layer directly. */
    static MultiLayerNetwork singleLayer(ScratchBatchNorm.Mode mode, InputType inputType, DataType dataType) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(dataType)
                .updater(new Sgd(LR))
                .list()
                .layer(new ScratchBatchNorm("bn", mode))
                .setInputType(inputType)
                .build());
        net.init();
        net.initGradientsView();
        return net;
    }

    /** Seeded values of the given shape: roughly unit spread around a different offset per channel. */
    static INDArray channelData(long seed, DataType dataType, long... shape) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        long channelStride = 1;
        for (int d = 2; d < shape.length; d++) {
            channelStride *= shape[d];
        }
        double[] v = new double[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            long channel = (i / channelStride) % shape[1];
            v[i] = 1.5 * channel - 1 + 2 * random.nextDouble() - 1;
        }
        return org.nd4j.linalg.factory.Nd4j.create(v, shape, 'c').castTo(dataType);
    }

    static MultiLayerNetwork scratchLeNet(ScratchBatchNorm.Mode mode, double l2) {
        return smallLeNet(new ScratchBatchNorm("bn1", mode), new ScratchBatchNorm("bn2", mode), l2);
    }

    /** DL4J's layer set to d2l's conventions: moving = 0.9 * moving + 0.1 * batch, eps 1e-5. */
    static BatchNormalization builtIn(String name, boolean useLogStd) {
        return new BatchNormalization.Builder()
                .name(name)
                .decay(0.9)
                .eps(1e-5)
                .useLogStd(useLogStd)
                .build();
    }

    static MultiLayerNetwork builtInLeNet(boolean useLogStd) {
        return smallLeNet(builtIn("bn1", useLogStd), builtIn("bn2", useLogStd), 0);
    }

    /** Copies every weight, bias, gamma and beta that both networks have, layer by layer. */
    static void copyTrainedParams(MultiLayerNetwork from, MultiLayerNetwork to) {
        for (int i = 0; i < from.getnLayers(); i++) {
            for (String key : List.of("W", "b", "gamma", "beta")) {
                INDArray source = from.getLayer(i).paramTable().get(key);
                if (source != null) {
                    to.getLayer(i).setParam(key, source.dup());
                }
            }
        }
    }

    /** DL4J's moving variance, whichever way it stores it (log10 of the std by default). */
    static INDArray builtInMovingVar(MultiLayerNetwork net, int layer) {
        INDArray var = net.getLayer(layer).paramTable().get("var");
        if (var != null) {
            return var;
        }
        INDArray log10Std = net.getLayer(layer).getParam("log10stdev").castTo(DataType.DOUBLE);
        INDArray std =
                org.nd4j.linalg.ops.transforms.Transforms.pow(log10Std.like().assign(10.0), log10Std, false);
        return std.muli(std).castTo(DataType.FLOAT);
    }

    /**
     * Per-channel mean and biased variance in double, with plain loops: {@code x} is [N,C] or NCHW
     * [N,C,H,W]. Returns {mean[C], var[C]}.
     */
    static double[][] channelStats(INDArray x) {
        double[] v = x.dup('c').data().asDouble();
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int spatial = v.length / (n * c);
        double[] mean = new double[c];
        double[] var = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < spatial; s++) {
                    sum += v[(i * c + ch) * spatial + s];
                }
            }
            mean[ch] = sum / (n * spatial);
            double sq = 0;
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < spatial; s++) {
                    double d = v[(i * c + ch) * spatial + s] - mean[ch];
                    sq += d * d;
                }
            }
            var[ch] = sq / (n * spatial);
        }
        return new double[][] {mean, var};
    }

    static double maxAbsDiff(INDArray expected, INDArray actual) {
        assertTrue(
                java.util.Arrays.equals(expected.shape(), actual.shape()),
                () -> "shapes " + java.util.Arrays.toString(expected.shape()) + " vs "
                        + java.util.Arrays.toString(actual.shape()));
        return expected.castTo(DataType.DOUBLE)
                .sub(actual.castTo(DataType.DOUBLE))
                .amaxNumber()
                .doubleValue();
    }

    static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        double diff = maxAbsDiff(expected, actual);
        assertTrue(diff <= tol, () -> what + ": max |diff| " + diff + " > " + tol);
    }

    static void assertClose(double[] expected, INDArray actual, double tol, String what) {
        assertClose(org.nd4j.linalg.factory.Nd4j.createFromArray(expected).reshape(actual.shape()), actual, tol, what);
    }
}
