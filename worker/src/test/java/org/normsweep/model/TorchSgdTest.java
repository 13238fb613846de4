package org.normsweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.normsweep.trial.TrialSpec;

/** SGD with momentum as PyTorch defines it, checked step by step against the update written out by hand. */
class TorchSgdTest {
    private static TrialSpec spec(double lr, double wd, double momentum) {
        return TrialSpec.builder()
                .set(TrialSpec.DATASET_PATH, "/d")
                .lr(lr)
                .weightDecay(wd)
                .set(TrialSpec.MOMENTUM, momentum)
                .build();
    }

    private static MultiLayerNetwork net(TrialSpec spec) {
        NeuralNetConfiguration.Builder base =
                new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE);
        TorchSgd.configure(base, spec);
        MultiLayerNetwork net = new MultiLayerNetwork(base.list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(3)
                        .nOut(2)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build());
        net.init();
        return net;
    }

    @Test
    void momentumFollowsPyTorchWithWeightDecayInTheVelocity() {
        double lr = 0.1;
        double wd = 0.01;
        double mu = 0.9;
        MultiLayerNetwork net = net(spec(lr, wd, mu));
        DataSet batch = new DataSet(
                Nd4j.create(new double[][] {{1, 2, -1}, {0.5, -1, 2}, {-2, 0, 1}, {1, 1, 1}}),
                Nd4j.create(new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}}));
        INDArray vW = Nd4j.zeros(DataType.DOUBLE, 3, 2);
        INDArray vb = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        for (int step = 0; step < 4; step++) {
            if (step == 2) {
                lr = 0.05; // an lr schedule's change keeps the velocity
                net.setLearningRate(lr);
            }
            INDArray w = net.getParam("0_W").dup();
            INDArray b = net.getParam("0_b").dup();
            net.setInput(batch.getFeatures());
            net.setLabels(batch.getLabels());
            net.computeGradientAndScore();
            // DL4J's gradient here is the batch's sum; the batch-mean loss's gradient is that over the batch size.
            INDArray gW = net.gradient().getGradientFor("0_W").div(4).addi(w.mul(wd)); // weights decay, biases do not
            INDArray gb = net.gradient().getGradientFor("0_b").div(4).reshape(1, 2);
            vW = vW.mul(mu).add(gW);
            vb = vb.mul(mu).add(gb);
            net.fit(batch);
            assertClose(w.sub(vW.mul(lr)), net.getParam("0_W"), "W after step " + step);
            assertClose(b.reshape(1, 2).sub(vb.mul(lr)), net.getParam("0_b").reshape(1, 2), "b after step " + step);
        }
        assertClose(net.params(), net.clone().params(), "a clone (as the probes and evaluation make)");
    }

    @Test
    void momentumZeroIsTheExactConfigurationOfBefore() {
        BaseLayer plain = (BaseLayer)
                net(spec(0.1, 0.01, 0)).getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(new Sgd(0.1), plain.getIUpdater());
        assertTrue(plain.getRegularization().stream().anyMatch(r -> r instanceof WeightDecay));
        BaseLayer momentum = (BaseLayer) net(spec(0.1, 0.01, 0.5))
                .getLayerWiseConfigurations()
                .getConf(0)
                .getLayer();
        assertInstanceOf(TorchSgd.Momentum.class, momentum.getIUpdater());
        assertTrue(momentum.getRegularization().stream().anyMatch(r -> r instanceof L2Regularization));
        assertTrue(momentum.getRegularization().stream().noneMatch(r -> r instanceof WeightDecay));
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double[] e = expected.dup().data().asDouble();
        double[] a = actual.dup().data().asDouble();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-12, what + " [" + i + "]");
        }
    }
}
