package org.normsweep.model.vector;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * SGD momentum's velocities kept where the DL4J path keeps them: in the network's updater state (TorchSgd's
 * updater holds one velocity per parameter, laid out as the parameters in each updater block). The engine loads
 * them with the parameters at the start of an epoch and stores them at its end, so a network's whole training
 * state lives in one place: momentum carries over epochs exactly as in the DL4J path, a network's clone carries
 * it too, and loading the engine for evaluation reads back the same velocities it stored.
 */
final class Velocity {
    private Velocity() {}

    /** Copies {@code net}'s velocities into the params that have one. */
    static void load(MultiLayerNetwork net, List<Param> params) {
        Map<String, INDArray> views = views(net);
        for (Param p : params) {
            if (p.v != null) {
                p.fromDl4j(VectorNetwork.floats(view(views, p)), p.v);
            }
        }
    }

    /** Copies the params' velocities into {@code net}'s updater state. */
    static void store(MultiLayerNetwork net, List<Param> params) {
        Map<String, INDArray> views = views(net);
        for (Param p : params) {
            if (p.v != null) {
                VectorNetwork.assign(view(views, p), p.toDl4j(p.v));
            }
        }
    }

    private static INDArray view(Map<String, INDArray> views, Param p) {
        INDArray v = views.get(p.layer + "_" + p.key);
        if (v == null) {
            throw new IllegalStateException(p.layer + "_" + p.key + ": the DL4J network's updater keeps no velocity"
                    + " for it (not a momentum trial's network?)");
        }
        return v;
    }

    /**
     * Views into the updater state, keyed {@code layer_param}, each shaped and ordered as the parameter itself (so
     * element (i, j, ...) is that parameter's velocity). Blocks without state (the BN moving statistics' no-op
     * updater) have none.
     */
    private static Map<String, INDArray> views(MultiLayerNetwork net) {
        Map<String, INDArray> views = new HashMap<>();
        for (UpdaterBlock block : ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks()) {
            INDArray state = block.getUpdaterView();
            long size = block.getParamOffsetEnd() - block.getParamOffsetStart();
            if (state == null || state.length() == 0) {
                continue;
            }
            if (state.length() != size) {
                throw new IllegalStateException("updater block of " + size + " parameters holds " + state.length()
                        + " values of state, not one velocity each: " + block.getGradientUpdater());
            }
            INDArray flat = state.reshape(size);
            for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
                String layer = ps.getLayer().getConfig().getLayerName();
                INDArray param = net.getLayer(layer).getParam(ps.getParamName());
                INDArray v = flat.get(NDArrayIndex.interval(
                        ps.getParamOffsetStart() - block.getParamOffsetStart(),
                        ps.getParamOffsetEnd() - block.getParamOffsetStart()));
                views.put(layer + "_" + ps.getParamName(), v.reshape(param.ordering(), param.shape()));
            }
        }
        return views;
    }
}
