package org.normsweep.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.normsweep.model.ActivationSite;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.model.vector.VectorPath;
import org.normsweep.model.vector.VectorProbe;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.HistogramRecord;
import org.normsweep.trial.Activation;
import org.normsweep.trial.TrialSpec;

/**
 * Measures mean |a|, mean a², standard deviation, saturation, a histogram and mean |dL/da| at the input
 * ({@code pre}) and output ({@code post}) of every activation site, on one batch, the way the seed notebooks' forward and backward hooks did:
 * a training-mode forward pass (BN uses batch statistics) and a backward pass, with no update.
 *
 * <p>It runs on a clone of the network, so neither parameters nor BN running statistics move.
 * DL4J's layer backprop returns gradients of the batch-summed loss; they are divided by the batch
 * size here so that they are gradients of the batch-mean loss, as in PyTorch.
 *
 * <p>Where the vector engine trains the trial ({@link VectorPath#runs}), {@link #measure(BuiltNetwork, TrialSpec,
 * DataSet, int)} runs the same pass on the engine instead ({@link VectorProbe}): same statistics to float32
 * rounding, histograms the same but for values within rounding of a bin edge. With dropout the engine draws its own
 * masks (same distribution as DL4J's, not the same masks), from a seed fixed by the trial's seed and the epoch, so
 * probes repeat bit for bit run to run; DL4J's path draws from ND4J's generator.
 */
public final class ActivationProbe {
    private ActivationProbe() {}

    /** The probe on the engine where it trains {@code spec}, else on DL4J's layers ({@link #measure(BuiltNetwork,
     * DataSet, int)}). */
    public static ProbeReading measure(BuiltNetwork built, TrialSpec spec, DataSet batch, int epoch) {
        return VectorPath.runs(spec) ? measureOnEngine(built, spec, batch, epoch) : measure(built, batch, epoch);
    }

    /** The probe on DL4J's layers, whatever trains the network: a clone's forward and backward pass. */
    public static ProbeReading measure(BuiltNetwork built, DataSet batch, int epoch) {
        MultiLayerNetwork net = built.network().clone();
        net.initGradientsView();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        int n = net.getnLayers();
        int batchSize = (int) batch.getFeatures().size(0);

        // outputs[i] = output of layer i; the input of layer i is outputs[i-1] (after its preprocessor).
        INDArray[] outputs = new INDArray[n];
        INDArray a = batch.getFeatures();
        for (int i = 0; i < n; i++) {
            a = preProcess(conf.getInputPreProcess(i), a, batchSize, mgr);
            a = net.getLayer(i).activate(a, true, mgr);
            // A copy: the next layer may apply dropout to its input in place.
            outputs[i] = a.dup();
        }

        // outputGrads[i] = dL/d(output of layer i), walking back from the loss.
        INDArray[] outputGrads = new INDArray[n];
        IOutputLayer out = (IOutputLayer) net.getLayer(n - 1);
        out.setLabels(batch.getLabels());
        INDArray eps = out.backpropGradient(null, mgr).getSecond();
        for (int i = n - 1; i >= 1; i--) {
            eps = backprop(conf.getInputPreProcess(i), eps, batchSize, mgr);
            outputGrads[i - 1] = eps.dup();
            if (i > 1) {
                eps = net.getLayer(i - 1).backpropGradient(eps, mgr).getSecond();
            }
        }

        DoublePredicate saturated = saturation(built);
        List<ActivationRecord> records = new ArrayList<>();
        List<HistogramRecord> histograms = new ArrayList<>();
        for (ActivationSite site : built.sites()) {
            int act = site.activationIndex();
            // The activation layer has no preprocessor, so its input is the previous layer's output.
            float[] pre = floats(outputs[act - 1]);
            float[] post = floats(outputs[act]);
            records.add(SiteStatistics.record(epoch, site, "pre", pre, floats(outputGrads[act - 1]), batchSize, null));
            records.add(
                    SiteStatistics.record(epoch, site, "post", post, floats(outputGrads[act]), batchSize, saturated));
            histograms.addAll(SiteStatistics.histogram(epoch, site, "pre", pre));
            histograms.addAll(SiteStatistics.histogram(epoch, site, "post", post));
        }
        return new ProbeReading(records, histograms);
    }

    /** The engine's probe pass (VectorPath must have said yes): the network is only read. */
    private static ProbeReading measureOnEngine(BuiltNetwork built, TrialSpec spec, DataSet batch, int epoch) {
        int batchSize = (int) batch.getFeatures().size(0);
        float[] features = floats(batch.getFeatures());
        float[] oneHot = floats(batch.getLabels());
        int classes = oneHot.length / batchSize;
        int[] labels = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            for (int c = 1; c < classes; c++) {
                if (oneHot[i * classes + c] > oneHot[i * classes + labels[i]]) {
                    labels[i] = c;
                }
            }
        }
        List<VectorProbe.Tensors> tensors = built.vector()
                .probe(spec)
                .measure(built.network(), features, labels, batchSize, dropoutSeed(spec.seed(), epoch));
        List<ActivationSite> sites = built.sites();
        if (tensors.size() != sites.size()) {
            throw new IllegalStateException(
                    "the engine has " + tensors.size() + " activation sites, the network " + sites.size());
        }
        DoublePredicate saturated = saturation(built);
        List<ActivationRecord> records = new ArrayList<>();
        List<HistogramRecord> histograms = new ArrayList<>();
        for (int k = 0; k < sites.size(); k++) {
            ActivationSite site = sites.get(k);
            VectorProbe.Tensors t = tensors.get(k);
            int n = t.length();
            records.add(SiteStatistics.record(epoch, site, "pre", t.pre(), t.preGrad(), n, batchSize, null));
            records.add(SiteStatistics.record(epoch, site, "post", t.post(), t.postGrad(), n, batchSize, saturated));
            histograms.addAll(SiteStatistics.histogram(epoch, site, "pre", t.pre(), n));
            histograms.addAll(SiteStatistics.histogram(epoch, site, "post", t.post(), n));
        }
        return new ProbeReading(records, histograms);
    }

    /** The engine probe's dropout seed: a function of (seed, epoch) only, apart from training's and evaluation's. */
    static long dropoutSeed(long seed, int epoch) {
        return new java.util.SplittableRandom(seed ^ 0x9B0BE5EEDL).split().nextLong() + epoch * 0x9E3779B97F4A7C15L;
    }

    private static DoublePredicate saturation(BuiltNetwork built) {
        return built.activation() == Activation.SIGMOID ? SiteStatistics::sigmoidSaturated : v -> v == 0;
    }

    private static float[] floats(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    private static INDArray preProcess(InputPreProcessor pre, INDArray a, int batchSize, LayerWorkspaceMgr mgr) {
        return pre == null ? a : pre.preProcess(a, batchSize, mgr);
    }

    private static INDArray backprop(InputPreProcessor pre, INDArray eps, int batchSize, LayerWorkspaceMgr mgr) {
        return pre == null ? eps : pre.backprop(eps, batchSize, mgr);
    }
}
