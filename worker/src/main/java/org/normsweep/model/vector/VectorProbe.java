package org.normsweep.model.vector;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The activation probe's pass on the engine: one training-mode forward pass (BN on the batch's statistics, dropout
 * active) and the backward pass on a batch, with no update, and at every activation site, in network order, the
 * activation's input ({@code pre}) and output ({@code post}) and the gradients of the batch-summed loss at both.
 *
 * <p>The tensors are the engine's own buffers where training keeps them, so they are in the engine's layouts
 * (conv2's site channels last, not DL4J's NCHW): fine for order-independent statistics. Two are not kept by
 * training and are written here into buffers allocated once, with the probe: LeNet's first site fuses its
 * activation with BN (so BN's output before the activation) and with pooling (so the gradient at the activation's
 * output, which the fused backward pass never stores).
 *
 * <p>Nothing moves: parameters, BN moving statistics and momentum's velocities are left as loaded (only
 * parameter gradients are overwritten). Dropout masks come from the engine's seeded generator, so the same seed
 * gives the same bits; they are not DL4J's masks (same distribution). Single-threaded, like the engine.
 */
public final class VectorProbe {
    /**
     * One site's tensors: the first {@code length} values of each array (views into engine buffers, longer than
     * {@code length}, valid until the next {@link #measure}); gradients of the batch-summed loss.
     */
    public record Tensors(float[] pre, float[] post, float[] preGrad, float[] postGrad, int length) {}

    private final VectorNetwork engine;
    private final List<Stage> sites = new ArrayList<>();
    /** LeNet's first site, when it fuses the activation with pooling (else null), and its BN when fused too. */
    private final ActPool pooled;

    private final BatchNorm fusedBn;
    private final float[] pooledPre;
    private final float[] pooledPostGrad;

    VectorProbe(VectorNetwork engine, int maxBatch) {
        this.engine = engine;
        ActPool pool = null;
        BatchNorm bn = null;
        Stage previous = null;
        for (Stage s : engine.stages()) {
            if (s instanceof Activation) {
                sites.add(s);
            } else if (s instanceof ActPool p) {
                sites.add(p);
                pool = p;
                bn = p.activated ? (BatchNorm) previous : null;
            }
            previous = s;
        }
        pooled = pool;
        fusedBn = bn;
        pooledPre = bn == null ? null : Stage.buffer(maxBatch, pool.channels * 784);
        pooledPostGrad = pool == null ? null : Stage.buffer(maxBatch, pool.channels * 784);
    }

    /**
     * Loads {@code net}'s parameters (and BN moving statistics, untouched here) into the engine, runs the probe's
     * pass on {@code batch} examples ({@code features} {@code [batch][784]}, {@code labels} class indices), dropout
     * masks drawn from {@code dropoutSeed}, and returns every site's tensors in network order. {@code net} is only
     * read.
     */
    public List<Tensors> measure(MultiLayerNetwork net, float[] features, int[] labels, int batch, long dropoutSeed) {
        engine.load(net);
        engine.seedDropout(dropoutSeed);
        engine.gather(features, labels, batch);
        engine.forwardBackward(batch);
        List<Tensors> out = new ArrayList<>(sites.size());
        for (Stage s : sites) {
            if (s instanceof Activation a) {
                out.add(new Tensors(a.in, a.out, a.dIn, a.dOut, batch * a.perExample));
            } else {
                out.add(pooledSite(batch));
            }
        }
        return out;
    }

    private Tensors pooledSite(int batch) {
        ActPool p = pooled;
        int planes = batch * p.channels;
        float[] pre = p.in;
        if (fusedBn != null) {
            fusedBn.affineOutput(batch, pooledPre);
            pre = pooledPre;
        }
        // 2x2 average pooling's backward pass: each of the four inputs gets a quarter of the pooled gradient, which
        // comes in rows of 16 (conv2's input gradient layout, see Conv2). Scalar: this runs once per probe.
        float[] g = p.dOut;
        float[] dPost = pooledPostGrad;
        for (int q = 0; q < planes; q++) {
            for (int y = 0; y < 28; y++) {
                int row = (q * 14 + y / 2) * Lanes.L;
                int i = q * 784 + y * 28;
                for (int x = 0; x < 28; x++) {
                    dPost[i + x] = g[row + x / 2] * 0.25f;
                }
            }
        }
        return new Tensors(pre, p.act, p.dIn, dPost, planes * 784);
    }
}
