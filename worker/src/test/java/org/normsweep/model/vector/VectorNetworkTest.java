package org.normsweep.model.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.Networks;
import org.normsweep.testing.Specs;
import org.normsweep.testing.SyntheticIdx;
import org.normsweep.trial.Activation;
import org.normsweep.trial.BiasRemoval;
import org.normsweep.trial.BnImpl;
import org.normsweep.trial.BnVariant;
import org.normsweep.trial.Kernels;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/**
 * The vector engine computes what DL4J's standard layers ({@code kernels: dl4j}) compute: on the same weights and
 * batches, the same outputs (eval and training mode), loss and gradients (float32 rounding apart), and the same
 * weights and BN moving statistics after SGD steps; and it is deterministic run to run.
 */
class VectorNetworkTest {
    private static final int BATCH = 32;

    @TempDir
    static Path dir;

    static ImageDataset train;
    static int[] order;

    @BeforeAll
    static void data() throws IOException {
        SyntheticIdx.write(dir, 96, 8, 11);
        train = ImageDataset.read(dir, "train", 0);
        order = EpochBatches.shuffledOrder(train.size(), 3, 1);
    }

    private static TrialSpec spec(String variant) {
        ModelKind model = variant.startsWith("mlp") ? ModelKind.MLP : ModelKind.LENET;
        TrialSpec.Builder b = Specs.builder(model, dir).lr(0.5).seed(7).kernels(Kernels.DL4J);
        UnaryOperator<TrialSpec.Builder> v =
                switch (variant) {
                    case "lenet-no-bn" -> s -> s.bnExcluded(List.of(1, 2, 3, 4));
                    case "lenet-bn2-and-4" -> s -> s.bnExcluded(List.of(1, 3));
                    case "lenet-relu" -> s -> s.activation(Activation.RELU).lr(0.05);
                    case "lenet-bias-removal" -> s -> s.biasRemoval(BiasRemoval.ALL);
                    case "lenet-no-affine" -> s -> s.bnVariant(BnVariant.NO_AFFINE);
                    case "lenet-freeze-gamma" -> s -> s.bnVariant(BnVariant.FREEZE_GAMMA);
                    case "lenet-weight-decay" -> s -> s.weightDecay(0.01).bnExcluded(List.of(2));
                    case "lenet-no-affine-bn2" -> s ->
                            s.bnVariant(BnVariant.NO_AFFINE).bnExcluded(List.of(1, 3, 4));
                    case "lenet-scratch" -> s -> s.bnImpl(BnImpl.SCRATCH);
                    case "lenet-scratch-mean-only" -> s -> s.bnImpl(BnImpl.SCRATCH)
                            .bnVariant(BnVariant.MEAN_ONLY)
                            .lr(0.1);
                    case "lenet-scratch-std-only" -> s ->
                            s.bnImpl(BnImpl.SCRATCH).bnVariant(BnVariant.STD_ONLY);
                    case "lenet-scratch-freeze-beta" -> s ->
                            s.bnImpl(BnImpl.SCRATCH).bnVariant(BnVariant.FREEZE_BETA);
                    case "lenet-scratch-no-affine-bn2" -> s -> s.bnImpl(BnImpl.SCRATCH)
                            .bnVariant(BnVariant.NO_AFFINE)
                            .bnExcluded(List.of(1, 3, 4));
                    case "mlp-scratch-mean-only" -> s -> s.bnImpl(BnImpl.SCRATCH)
                            .bnVariant(BnVariant.MEAN_ONLY)
                            .lr(0.1);
                    case "mlp-scratch-std-only" -> s -> s.bnImpl(BnImpl.SCRATCH).bnVariant(BnVariant.STD_ONLY);
                    case "mlp-no-bn" -> s -> s.bnExcluded(List.of(1, 2)).lr(0.1);
                    case "mlp-sigmoid-weight-decay" -> s ->
                            s.activation(Activation.SIGMOID).weightDecay(0.01);
                        // Momentum 0.9 multiplies the step about tenfold: a smaller lr, as one would train with it.
                    case "lenet-momentum", "mlp-momentum" -> s ->
                            s.set(TrialSpec.MOMENTUM, 0.9).lr(0.05);
                    case "lenet-momentum-weight-decay" -> s -> s.set(TrialSpec.MOMENTUM, 0.9)
                            .lr(0.05)
                            .weightDecay(0.01)
                            .bnExcluded(List.of(2));
                    case "lenet-momentum-freeze-gamma" -> s ->
                            s.set(TrialSpec.MOMENTUM, 0.9).lr(0.05).bnVariant(BnVariant.FREEZE_GAMMA);
                    case "mlp-momentum-weight-decay" -> s ->
                            s.set(TrialSpec.MOMENTUM, 0.9).lr(0.05).weightDecay(0.01);
                    default -> s -> s;
                };
        return v.apply(b).build();
    }

    private static DataSet batch(int k) {
        int from = (k * BATCH) % train.size();
        return EpochBatches.batch(train, order, from, from + BATCH);
    }

    private static int gather(VectorNetwork engine, int k) {
        int from = (k * BATCH) % train.size();
        return engine.gather(train, order, from, from + BATCH);
    }

    private static void fit(MultiLayerNetwork net, TrialSpec spec, int k) {
        net.fit(batch(k));
        for (Layer l : net.getLayers()) {
            if (spec.bnVariant().freezesGamma() && l.paramTable().containsKey("gamma")) {
                l.getParam("gamma").assign(1.0);
            }
            if (spec.bnVariant().freezesBeta() && l.paramTable().containsKey("beta")) {
                l.getParam("beta").assign(0.0);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "lenet",
                "lenet-no-bn",
                "lenet-bn2-and-4",
                "lenet-relu",
                "lenet-bias-removal",
                "lenet-no-affine",
                "lenet-freeze-gamma",
                "lenet-weight-decay",
                "lenet-no-affine-bn2",
                "lenet-scratch",
                "lenet-scratch-mean-only",
                "lenet-scratch-std-only",
                "lenet-scratch-freeze-beta",
                "lenet-scratch-no-affine-bn2",
                "mlp",
                "mlp-no-bn",
                "mlp-sigmoid-weight-decay",
                "mlp-scratch-mean-only",
                "mlp-scratch-std-only"
            })
    void matchesDl4jLayers(String variant) {
        TrialSpec spec = spec(variant);
        MultiLayerNetwork net = Networks.build(spec).network();
        // Two steps first, so the moving statistics the eval-mode output uses are not their initial 0 and 1.
        fit(net, spec, 1);
        fit(net, spec, 2);
        VectorNetwork engine = VectorNetwork.create(spec);
        engine.load(net);
        MultiLayerNetwork mirror = net.clone();

        DataSet b0 = batch(0);
        for (boolean trainMode : new boolean[] {false, true}) {
            INDArray expected = net.output(b0.getFeatures(), trainMode);
            gather(engine, 0);
            float[] actual = engine.predict(BATCH, trainMode);
            assertClose(expected.dup('c').data().asFloat(), actual, 1e-5, variant + " output, train mode " + trainMode);
        }

        Map<String, float[]> grads = new TreeMap<>();
        gather(engine, 0);
        double score = engine.gradients(BATCH, grads);
        net.setInput(b0.getFeatures());
        net.setLabels(b0.getLabels());
        net.computeGradientAndScore();
        // With weight decay DL4J adds wd |w|^2 summed in float32 over up to 535k weights: relative noise ~1e-5.
        double lossTol = spec.weightDecay() > 0 ? 1e-4 * Math.abs(score) : 1e-5;
        assertEquals(net.score(), score, lossTol, variant + " loss");
        int compared = 0;
        boolean noAffine = spec.bnVariant() == BnVariant.NO_AFFINE && spec.bnImpl() != BnImpl.SCRATCH;
        // With gamma and beta locked, DL4J's own layer leaks a workspace array into its gradient map: those
        // gradients are compared through what they do, the weights after the steps below.
        for (Map.Entry<String, INDArray> e : noAffine
                ? Map.<String, INDArray>of().entrySet()
                : net.gradient().gradientForVariable().entrySet()) {
            String key = e.getKey();
            int layer = Integer.parseInt(key.substring(0, key.indexOf('_')));
            String param = key.substring(key.indexOf('_') + 1);
            String name = net.getLayer(layer).conf().getLayer().getLayerName();
            if (param.equals("mean") || param.equals("log10stdev") || param.equals("var")) {
                continue; // moving statistics: compared through the steps below
            }
            float[] expected =
                    e.getValue().castTo(DataType.FLOAT).dup('c').data().asFloat();
            float[] actual = grads.get(name + "_" + param);
            assertTrue(actual != null, variant + ": engine lacks " + name + "_" + param);
            boolean biasBeforeBn = param.equals("b")
                    && layer + 1 < net.getnLayers()
                    && (net.getLayer(layer + 1) instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization
                            || net.getLayer(layer + 1).conf().getLayer()
                                    instanceof org.normsweep.model.scratch.ScratchBatchNorm);
            if (biasBeforeBn) {
                continue; // exactly zero in exact arithmetic; both sides hold rounding noise
            }
            // The from-scratch DL4J layer computes its backward pass in float ND4J operations (means of float sums):
            // on the same network and batch it differs from DL4J's own layer (which the engine matches to 2e-4:
            // lenet-no-affine-bn2) by 6e-4 of conv1's bias gradient at initialisation and by up to 5e-3 after a few
            // steps (lenet-scratch-no-affine-bn2), and a gradient that nearly cancels (beta's in front of a centring
            // layer) is mostly its noise. The weights after five steps below are held to the same 1e-4 as the rest.
            boolean scratch = spec.bnImpl() == BnImpl.SCRATCH;
            double scale = Math.max(scratch ? 1e-4 : 1e-6, maxAbs(expected));
            assertClose(
                    expected,
                    actual,
                    (scratch ? 1e-2 : 2e-4) * scale,
                    variant + " gradient " + key + " (" + name + ")");
            compared++;
        }
        assertTrue(noAffine || compared >= 3, variant + ": compared " + compared + " gradients");

        if (spec.bnImpl() == BnImpl.SCRATCH) {
            // The from-scratch layer moves its statistics in every backward pass, computeGradientAndScore's too.
            engine.load(net);
        }
        for (int k = 3; k < 8; k++) {
            fit(net, spec, k);
            gather(engine, k);
            double loss = engine.step(BATCH, spec.lr());
            assertEquals(net.score(), loss, Math.max(1e-4, lossTol), variant + " loss at step " + k);
            assertTrue(engine.weightsFinite());
        }
        engine.store(mirror);
        assertClose(
                net.params().castTo(DataType.FLOAT).dup().data().asFloat(),
                mirror.params().castTo(DataType.FLOAT).dup().data().asFloat(),
                1e-4,
                variant + " weights and moving statistics after 5 steps");
    }

    /**
     * Momentum: the engine's SGD against TorchSgd's DL4J updater over three "epochs" of three steps, the engine
     * loaded from its own network at each epoch's start and stored at its end (as SgdEpoch does), and loaded again
     * for an evaluation-style prediction between epochs (as Evaluation does): weights, BN moving statistics and the
     * velocities in the updater state stay with DL4J's, so the velocity survives load/store and evaluation.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "lenet-momentum",
                "lenet-momentum-weight-decay",
                "lenet-momentum-freeze-gamma",
                "mlp-momentum",
                "mlp-momentum-weight-decay"
            })
    void momentumMatchesDl4jAcrossEpochs(String variant) {
        TrialSpec spec = spec(variant);
        MultiLayerNetwork net = Networks.build(spec).network();
        MultiLayerNetwork mirror = net.clone();
        VectorNetwork engine = VectorNetwork.create(spec);
        double lossTol = spec.weightDecay() > 0 ? 1e-4 : 1e-5;
        int k = 0;
        for (int epoch = 1; epoch <= 3; epoch++) {
            engine.load(mirror);
            for (int step = 0; step < 3; step++, k++) {
                fit(net, spec, k);
                gather(engine, k);
                double loss = engine.step(BATCH, spec.lr());
                assertEquals(
                        net.score(), loss, Math.max(1e-4, lossTol * Math.abs(loss)), variant + " loss at step " + k);
                assertTrue(engine.weightsFinite());
            }
            engine.store(mirror);
            engine.load(mirror);
            gather(engine, 0);
            engine.predict(BATCH, true);
            engine.predict(BATCH, false);
            String when = variant + " after epoch " + epoch;
            assertClose(
                    net.params().castTo(DataType.FLOAT).dup().data().asFloat(),
                    mirror.params().castTo(DataType.FLOAT).dup().data().asFloat(),
                    1e-4,
                    when + ": weights and moving statistics");
            if (!spec.bnVariant().freezesGamma()) { // DL4J's updater moves a frozen gamma's velocity in vain
                float[] v = velocities(net);
                assertTrue(maxAbs(v) > 0, when + ": DL4J's velocities are not all zero");
                assertClose(v, velocities(mirror), 1e-4 * Math.max(1, maxAbs(v)), when + ": velocities");
            }
        }
    }

    private static float[] velocities(MultiLayerNetwork net) {
        return net.getUpdater()
                .getStateViewArray()
                .castTo(DataType.FLOAT)
                .dup()
                .data()
                .asFloat();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lenet", "mlp"})
    void dropoutTrainsAndIsReproducible(String model) {
        TrialSpec spec = Specs.builder(model.equals("mlp") ? ModelKind.MLP : ModelKind.LENET, dir)
                .lr(0.2)
                .seed(3)
                .dropout(0.5)
                .build();
        float[][] params = new float[2][];
        for (int run = 0; run < 2; run++) {
            MultiLayerNetwork net = Networks.build(spec).network();
            VectorNetwork engine = VectorNetwork.create(spec);
            engine.load(net);
            engine.seedDropout(11);
            double first = 0;
            double last = 0;
            for (int k = 0; k < 12; k++) {
                gather(engine, k);
                last = engine.step(BATCH, spec.lr());
                first = k == 0 ? last : first;
            }
            assertTrue(Double.isFinite(last) && last < first, model + ": loss " + first + " -> " + last);
            engine.store(net);
            params[run] = net.params().dup().data().asFloat();
        }
        assertArrayEquals(params[0], params[1], model + ": two runs, same bits");
    }

    /** Two epochs of three steps (load/store between, as SgdEpoch does), twice: the same bits, velocities too. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lenet", "lenet-momentum-weight-decay", "mlp-momentum"})
    void twoRunsGiveIdenticalBits(String variant) {
        TrialSpec spec = spec(variant);
        float[][] params = new float[2][];
        float[][] velocities = new float[2][];
        for (int run = 0; run < 2; run++) {
            MultiLayerNetwork net = Networks.build(spec).network();
            VectorNetwork engine = VectorNetwork.create(spec);
            for (int k = 0; k < 6; k++) {
                if (k % 3 == 0) {
                    engine.load(net);
                }
                gather(engine, k);
                engine.step(BATCH, spec.lr());
                if (k % 3 == 2) {
                    engine.store(net);
                }
            }
            params[run] = net.params().dup().data().asFloat();
            velocities[run] = spec.momentum() == 0 ? new float[0] : velocities(net);
        }
        assertArrayEquals(params[0], params[1], variant + ": weights");
        assertArrayEquals(velocities[0], velocities[1], variant + ": velocities");
    }

    @Test
    void blownUpWeightsAreSeen() {
        TrialSpec spec = Specs.builder(ModelKind.LENET, dir).lr(1e30).build();
        VectorNetwork engine = VectorNetwork.create(spec);
        engine.load(Networks.build(spec).network());
        boolean broken = false;
        for (int k = 0; k < 20 && !broken; k++) {
            gather(engine, k);
            double loss = engine.step(BATCH, spec.lr());
            broken = !Double.isFinite(loss) || !engine.weightsFinite();
        }
        assertTrue(broken, "lr 1e30 must show as a non-finite loss or weights");
    }

    @Test
    void theRuleSaysWhichCodeTrains() {
        TrialSpec fast = Specs.builder(ModelKind.LENET, dir).build();
        assertEquals(VectorPath.VECTOR, VectorPath.choose(fast, true));
        assertEquals(VectorPath.ND4J, VectorPath.choose(fast, false), "no Vector API module: today's kernels");
        assertEquals(VectorPath.DL4J, VectorPath.choose(spec("lenet"), true));
        TrialSpec scratch = Specs.builder(ModelKind.MLP, dir)
                .bnImpl(BnImpl.SCRATCH)
                .bnVariant(BnVariant.MEAN_ONLY)
                .build();
        assertEquals(VectorPath.VECTOR, VectorPath.choose(scratch, true), "the from-scratch layer runs on the engine");
        assertEquals(VectorPath.ND4J, VectorPath.choose(scratch, false));
        // Surefire passes --add-modules=jdk.incubator.vector, and this machine has AVX-512.
        assertEquals(VectorPath.VECTOR, VectorPath.kernelPath(fast));
    }

    @Test
    void momentumTrialsRunOnTheEngine() {
        TrialSpec momentum = Specs.builder(ModelKind.LENET, dir)
                .set(TrialSpec.MOMENTUM, 0.9)
                .weightDecay(5e-4)
                .build();
        assertEquals(VectorPath.VECTOR, VectorPath.choose(momentum, true));
        assertEquals(VectorPath.VECTOR, VectorPath.kernelPath(momentum));
        assertEquals(
                VectorPath.DL4J,
                VectorPath.kernelPath(momentum.toBuilder().kernels(Kernels.DL4J).build()));
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertTrue(actual.length >= expected.length, what + ": lengths " + expected.length + " vs " + actual.length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            // Relative past magnitude 1, where float32 itself is (a moving variance of 5849 holds 5e-4 steps).
            double d = Math.abs((double) expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i]));
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        double w = worst;
        int a = at;
        assertTrue(
                w <= tol,
                () -> what + ": max |diff| (relative past 1) " + w + " > " + tol + " at " + a + " (expected "
                        + expected[a] + ", got " + actual[a] + ")");
    }

    @SuppressWarnings("unused")
    private static INDArray unused() {
        return Nd4j.zeros(1);
    }
}
