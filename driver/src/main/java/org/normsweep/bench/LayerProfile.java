package org.normsweep.bench;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.Networks;
import org.normsweep.train.NativeThreads;
import org.normsweep.trial.TrialSpec;

/**
 * (f) Where a training step's time goes: each layer's forward and backward pass timed on its own (no
 * workspaces, so a little slower than inside {@code fit}), averaged over repeated passes on one batch after a
 * warm-up, next to the whole {@code fit} step.
 */
final class LayerProfile {
    private LayerProfile() {}

    record Row(String layer, double forwardMs, double backwardMs) {}

    record Profile(List<Row> rows, double fitMs) {}

    static Profile measure(TrialSpec spec, ImageDataset train, int warmup, int repeats) {
        NativeThreads.pin(1);
        MultiLayerNetwork net = Networks.build(spec).network();
        DataSet batch = EpochBatches.batch(train, EpochBatches.inOrder(spec.batchSize()), 0, spec.batchSize());
        net.fit(batch); // sets up the gradient views
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        int n = net.getnLayers();
        double[] fw = new double[n];
        double[] bw = new double[n];
        for (int r = 0; r < warmup + repeats; r++) {
            boolean timed = r >= warmup;
            INDArray x = batch.getFeatures();
            for (int i = 0; i < n; i++) {
                InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
                if (pre != null) {
                    x = pre.preProcess(x, spec.batchSize(), mgr);
                }
                Layer layer = net.getLayer(i);
                long t0 = System.nanoTime();
                layer.setInput(x, mgr);
                x = layer.activate(true, mgr);
                fw[i] += timed ? (System.nanoTime() - t0) / 1e6 : 0;
            }
            ((IOutputLayer) net.getLayer(n - 1)).setLabels(batch.getLabels());
            INDArray eps = null;
            for (int i = n - 1; i >= 0; i--) {
                long t0 = System.nanoTime();
                eps = net.getLayer(i).backpropGradient(eps, mgr).getSecond();
                bw[i] += timed ? (System.nanoTime() - t0) / 1e6 : 0;
                InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
                if (pre != null && eps != null) {
                    eps = pre.backprop(eps, spec.batchSize(), mgr);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Layer layer = net.getLayer(i);
            rows.add(new Row(
                    layer.conf().getLayer().getLayerName() + " ("
                            + layer.getClass().getSimpleName() + ")",
                    fw[i] / repeats,
                    bw[i] / repeats));
        }
        for (int r = 0; r < warmup; r++) {
            net.fit(batch);
        }
        long t0 = System.nanoTime();
        for (int r = 0; r < repeats; r++) {
            net.fit(batch);
        }
        return new Profile(rows, (System.nanoTime() - t0) / 1e6 / repeats);
    }
}
