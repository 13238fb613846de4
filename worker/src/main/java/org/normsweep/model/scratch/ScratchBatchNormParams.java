package org.normsweep.model.scratch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The parameters of a {@link ScratchBatchNorm}, one value per channel each, laid out in the layer's
 * slice of the network's flat parameter vector in this order: {@code gamma}, {@code beta} (both absent
 * in {@link ScratchBatchNorm.Mode#NO_AFFINE}), then the moving statistics {@code mean} and {@code var}.
 * The moving statistics are parameters only so that they live in the flat vector and survive
 * {@code clone()}, save and load; the optimizer never changes them.
 */
public final class ScratchBatchNormParams implements ParamInitializer {
    public static final String GAMMA = "gamma";
    public static final String BETA = "beta";
    public static final String MEAN = "mean";
    public static final String VAR = "var";

    private static final ScratchBatchNormParams INSTANCE = new ScratchBatchNormParams();
    private static final List<String> AFFINE_KEYS = List.of(GAMMA, BETA, MEAN, VAR);
    private static final List<String> STAT_KEYS = List.of(MEAN, VAR);

    private ScratchBatchNormParams() {}

    public static ScratchBatchNormParams getInstance() {
        return INSTANCE;
    }

    /** True for the moving statistics, which only the layer's own training step may change. */
    public static boolean isMovingStatistic(String key) {
        return MEAN.equals(key) || VAR.equals(key);
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        ScratchBatchNorm bn = (ScratchBatchNorm) layer;
        return paramKeys(bn).size() * bn.getNOut();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return ((ScratchBatchNorm) layer).getMode().affine() ? AFFINE_KEYS : STAT_KEYS;
    }

    // Like DL4J's batch norm: nothing here is a weight or a bias, so weight noise and the
    // weight/bias-specific settings leave these parameters alone.
    @Override
    public List<String> weightKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return false;
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    /** gamma = 1, beta = 0, mean = 0, var = 1 as in d2l, unless {@code initializeParams} is false (a clone or a load). */
    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        ScratchBatchNorm layer = (ScratchBatchNorm) conf.getLayer();
        Map<String, INDArray> params = slice(layer, paramsView);
        if (initializeParams) {
            params.forEach((key, view) -> view.assign(GAMMA.equals(key) || VAR.equals(key) ? 1.0 : 0.0));
        }
        params.keySet().forEach(conf::addVariable);
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return slice((ScratchBatchNorm) conf.getLayer(), gradientView);
    }

    private Map<String, INDArray> slice(ScratchBatchNorm layer, INDArray view) {
        long channels = layer.getNOut();
        List<String> keys = paramKeys(layer);
        if (view.length() != keys.size() * channels) {
            throw new IllegalArgumentException("layer " + layer.getLayerName() + ": expected " + keys.size() * channels
                    + " parameters (" + keys + " x " + channels + " channels), found " + view.length());
        }
        INDArray flat = view.reshape(view.length());
        Map<String, INDArray> out = Collections.synchronizedMap(new LinkedHashMap<>());
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i), flat.get(NDArrayIndex.interval(i * channels, (i + 1) * channels)));
        }
        return out;
    }
}
