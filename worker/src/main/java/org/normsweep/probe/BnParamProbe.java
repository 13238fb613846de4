package org.normsweep.probe;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.normsweep.model.BnSite;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.result.BnParamRecord;

/** Reads the learned gamma and beta of every BN layer that has them. */
public final class BnParamProbe {
    private BnParamProbe() {}

    public static List<BnParamRecord> read(BuiltNetwork built, int epoch) {
        List<BnParamRecord> out = new ArrayList<>();
        for (BnSite site : built.bnLayers()) {
            Layer layer = built.network().getLayer(site.layerIndex());
            if (!layer.paramTable().containsKey("gamma")) {
                continue;
            }
            out.add(new BnParamRecord(
                    epoch, site.layer(), site.name(), values(layer.getParam("gamma")), values(layer.getParam("beta"))));
        }
        return out;
    }

    private static double[] values(INDArray a) {
        return a.dup('c').data().asDouble();
    }
}
