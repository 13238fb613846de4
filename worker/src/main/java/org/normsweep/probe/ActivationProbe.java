package org.normsweep.probe;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.normsweep.model.ActivationSite;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.HistogramRecord;
import org.normsweep.trial.Activation;
import java.util.function.DoublePredicate;

/**
 * Measures mean |a|, mean a², standard deviation, saturation, a histogram and mean |dL/da| at the input
 * ({@code pre}) and output ({@code post}) of every activation site, on one batch, the way the seed notebooks' forward and backward hooks did:
 * a training-mode forward pass (BN uses batch statistics) and a backward pass, with no update.
 *
 * <p>It runs on a clone of the network, so neither parameters nor BN running statistics move.
 * DL4J's layer backprop returns gradients of the batch-summed loss; they are divided by the batch
 * size here so that they are gradients of the batch-mean loss, as in PyTorch.
 */
public final class ActivationProbe {
    private ActivationProbe() {
    }

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

        DoublePredicate saturated = built.activation() == Activation.SIGMOID
                ? SiteStatistics::sigmoidSaturated : v -> v == 0;
        List<ActivationRecord> records = new ArrayList<>();
        List<HistogramRecord> histograms = new ArrayList<>();
        for (ActivationSite site : built.sites()) {
            int act = site.activationIndex();
            // The activation layer has no preprocessor, so its input is the previous layer's output.
            float[] pre = floats(outputs[act - 1]);
            float[] post = floats(outputs[act]);
            records.add(SiteStatistics.record(epoch, site, "pre", pre, floats(outputGrads[act - 1]), batchSize, null));
            records.add(SiteStatistics.record(epoch, site, "post", post, floats(outputGrads[act]), batchSize, saturated));
            histograms.addAll(SiteStatistics.histogram(epoch, site, "pre", pre));
            histograms.addAll(SiteStatistics.histogram(epoch, site, "post", post));
        }
        return new ProbeReading(records, histograms);
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
