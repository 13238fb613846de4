package org.normsweep.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.model.Networks;
import org.normsweep.model.vector.VectorPath;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.HistogramRecord;
import org.normsweep.testing.Specs;
import org.normsweep.testing.SyntheticIdx;
import org.normsweep.trial.Activation;
import org.normsweep.trial.BnImpl;
import org.normsweep.trial.BnVariant;
import org.normsweep.trial.Kernels;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/**
 * The activation probe on the vector engine against the DL4J probe on the same weights (a network of DL4J's
 * reference layers, trained two steps so gamma, beta and the moving statistics are not at their initial values):
 * every statistic to float32 rounding, histograms equal but for values within rounding of a bin edge; the probe
 * moves nothing and repeats bit for bit. The probe batch (64) is larger than the training batch (32).
 */
class ProbeOnEngineTest {
    private static final int PROBE = 64;

    @TempDir
    static Path dir;

    static ImageDataset train;
    static DataSet probe;

    @BeforeAll
    static void data() throws IOException {
        SyntheticIdx.write(dir, 96, 8, 5);
        train = ImageDataset.read(dir, "train", 0);
        probe = EpochBatches.batch(train, EpochBatches.inOrder(PROBE), 0, PROBE);
    }

    /** The variant's spec on DL4J's layers; {@link #onEngine} gives the same trial with kernels: fast. */
    private static TrialSpec spec(String variant) {
        ModelKind model = variant.startsWith("mlp") ? ModelKind.MLP : ModelKind.LENET;
        TrialSpec.Builder b =
                Specs.builder(model, dir).probeSize(PROBE).lr(0.3).seed(9).kernels(Kernels.DL4J);
        UnaryOperator<TrialSpec.Builder> v =
                switch (variant) {
                    case "lenet-no-bn" -> s -> s.bnExcluded(List.of(1, 2, 3, 4));
                    case "lenet-bn2-and-4" -> s -> s.bnExcluded(List.of(1, 3));
                    case "lenet-bn1-and-4" -> s -> s.bnExcluded(List.of(2, 3));
                    case "lenet-relu" -> s -> s.activation(Activation.RELU).lr(0.05);
                    case "lenet-relu-no-bn" -> s ->
                            s.activation(Activation.RELU).lr(0.05).bnExcluded(List.of(1, 2, 3, 4));
                    case "lenet-momentum" -> s -> s.set(TrialSpec.MOMENTUM, 0.9).lr(0.05);
                    case "mlp-no-bn" -> s -> s.bnExcluded(List.of(1, 2)).lr(0.1);
                    case "mlp-sigmoid" -> s -> s.activation(Activation.SIGMOID);
                    case "lenet-scratch" -> s -> s.bnImpl(BnImpl.SCRATCH);
                    case "lenet-scratch-std-only" -> s ->
                            s.bnImpl(BnImpl.SCRATCH).bnVariant(BnVariant.STD_ONLY);
                    case "mlp-scratch-mean-only" -> s -> s.bnImpl(BnImpl.SCRATCH)
                            .bnVariant(BnVariant.MEAN_ONLY)
                            .lr(0.1);
                    default -> s -> s;
                };
        return v.apply(b).build();
    }

    private static TrialSpec onEngine(TrialSpec spec) {
        TrialSpec fast = spec.toBuilder().kernels(Kernels.FAST).build();
        assumeTrue(VectorPath.runs(fast), "the vector engine runs in this JVM");
        return fast;
    }

    private static BuiltNetwork trained(TrialSpec spec) {
        BuiltNetwork built = Networks.build(spec);
        int[] order = EpochBatches.shuffledOrder(train.size(), 1, 1);
        for (int from = 0; from < 64; from += 32) {
            built.network().fit(EpochBatches.batch(train, order, from, from + 32));
        }
        return built;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "lenet",
                "lenet-no-bn",
                "lenet-bn2-and-4",
                "lenet-bn1-and-4",
                "lenet-relu",
                "lenet-relu-no-bn",
                "lenet-momentum",
                "mlp",
                "mlp-no-bn",
                "mlp-sigmoid",
                "lenet-scratch",
                "lenet-scratch-std-only",
                "mlp-scratch-mean-only"
            })
    void matchesTheDl4jProbeAndMovesNothing(String variant) {
        TrialSpec spec = spec(variant);
        TrialSpec fast = onEngine(spec);
        BuiltNetwork built = trained(spec);
        MultiLayerNetwork net = built.network();
        INDArray params = net.params().dup();
        INDArray updater = updaterState(net);

        ProbeReading expected = ActivationProbe.measure(built, spec, probe, 2);
        ProbeReading actual = ActivationProbe.measure(built, fast, probe, 2);

        List<ActivationRecord> e = expected.activations();
        List<ActivationRecord> a = actual.activations();
        assertEquals(2 * built.sites().size(), a.size());
        for (int i = 0; i < e.size(); i++) {
            ActivationRecord x = e.get(i);
            ActivationRecord y = a.get(i);
            String what = variant + " " + x.layerName() + " " + x.position();
            assertEquals(
                    List.of(x.epoch(), x.layer(), x.layerName(), x.position()),
                    List.of(y.epoch(), y.layer(), y.layerName(), y.position()),
                    what);
            close(x.meanAbs(), y.meanAbs(), what + " mean |a|");
            close(x.meanSq(), y.meanSq(), what + " mean a^2");
            close(x.std(), y.std(), what + " std");
            close(x.meanAbsGrad(), y.meanAbsGrad(), what + " mean |grad|");
            if (x.saturatedFraction() == null) {
                assertEquals(null, y.saturatedFraction(), what);
            } else {
                // A unit within rounding of a threshold (or of 0 under ReLU) may land on either side.
                assertEquals(x.saturatedFraction(), y.saturatedFraction(), 3.0 / (PROBE * 16), what + " saturated");
            }
        }
        List<HistogramRecord> eh = expected.histograms();
        List<HistogramRecord> ah = actual.histograms();
        assertEquals(eh.size(), ah.size());
        for (int i = 0; i < eh.size(); i++) {
            HistogramRecord x = eh.get(i);
            HistogramRecord y = ah.get(i);
            String what = variant + " " + x.layerName() + " " + x.position() + " bin [" + x.binLow() + ", "
                    + x.binHigh() + ")";
            assertEquals(
                    List.of(x.layer(), x.position(), x.binLow(), x.binHigh()),
                    List.of(y.layer(), y.position(), y.binLow(), y.binHigh()),
                    what);
            assertTrue(Math.abs(x.count() - y.count()) <= 3, what + ": " + x.count() + " vs " + y.count());
        }

        assertEquals(params, net.params(), "parameters and BN moving statistics unchanged");
        assertEquals(updater, updaterState(net), "updater state (momentum's velocities) unchanged");
        // Nor did the engine's own copy move: storing it back gives the same parameters and statistics.
        MultiLayerNetwork stored = net.clone();
        built.vector().engine(fast).store(stored);
        assertEquals(params, stored.params(), "the engine's parameters and moving statistics after the probe");
        assertEquals(updater, updaterState(stored), "the engine's velocities after the probe");
    }

    private static INDArray updaterState(MultiLayerNetwork net) {
        INDArray state = net.getUpdater().getStateViewArray();
        return state == null ? null : state.dup();
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-4 * Math.abs(expected) + 1e-12, what);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lenet", "mlp"})
    void repeatsBitForBitWithDropout(String variant) {
        TrialSpec spec = spec(variant).toBuilder().dropout(0.3).build();
        TrialSpec fast = onEngine(spec);
        BuiltNetwork built = trained(spec);
        ProbeReading first = ActivationProbe.measure(built, fast, probe, 1);
        assertEquals(first, ActivationProbe.measure(built, fast, probe, 1), "the same probe twice");
        BuiltNetwork fresh = new BuiltNetwork(built.network(), built.activation(), built.sites(), built.bnLayers());
        assertEquals(first, ActivationProbe.measure(fresh, fast, probe, 1), "on a new engine");
        assertNotEquals(
                meanAbs(first),
                meanAbs(ActivationProbe.measure(built, fast, probe, 2)),
                "other masks at another epoch");
    }

    private static List<Double> meanAbs(ProbeReading reading) {
        return reading.activations().stream().map(ActivationRecord::meanAbs).toList();
    }

    /** ProbeWithDropoutTest on the engine: dropout on the next layer's input does not leak into {@code post}. */
    @Test
    void postActivationIsTheActivationNotItsDroppedOutCopy() {
        TrialSpec spec = onEngine(Specs.builder(ModelKind.MLP, dir)
                .probeSize(PROBE)
                .bnExcluded(List.of(1, 2))
                .dropout(0.5)
                .seed(3)
                .build());
        BuiltNetwork built = Networks.build(spec);
        List<ActivationRecord> records =
                ActivationProbe.measure(built, spec, probe, 0).activations();
        INDArray post = Transforms.relu(
                built.network().clone().feedForward(probe.getFeatures(), false).get(1), true);
        ActivationRecord rec = records.get(1);
        assertEquals("post", rec.position());
        assertEquals(post.meanNumber().doubleValue(), rec.meanAbs(), 1e-5);
        double zeros = post.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertEquals(zeros, rec.saturatedFraction(), 1e-9, "dead ReLUs only, not dropped units");
    }
}
