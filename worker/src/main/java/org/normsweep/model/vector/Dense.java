package org.normsweep.model.vector;

/**
 * A dense layer z = x W + b on {@code [n][in]} rows: W kept as DL4J's {@code [in][out]} (c-order), or with its rows
 * permuted when the input's feature order differs from DL4J's (after conv2's channels-last output).
 */
final class Dense extends Stage {
    private final float[] in;
    private final int nIn;
    private final int nOut;
    private final float[] transposed;
    final Param weight;
    final Param bias;

    /** {@code inputOrder[i]}: DL4J's index of the engine's input feature i (null: the same order). */
    Dense(
            String name,
            float[] in,
            int nIn,
            int nOut,
            int maxBatch,
            boolean hasBias,
            boolean inputGradient,
            int[] inputOrder) {
        super(name);
        this.in = in;
        this.nIn = nIn;
        this.nOut = nOut;
        out = outBuffer(maxBatch, nOut);
        dIn = inputGradient ? buffer(maxBatch, nIn) : null;
        transposed = inputGradient ? new float[nIn * nOut] : null;
        int[] perm = null;
        if (inputOrder != null) {
            perm = new int[nIn * nOut];
            for (int i = 0; i < nIn; i++) {
                for (int o = 0; o < nOut; o++) {
                    perm[i * nOut + o] = inputOrder[i] * nOut + o;
                }
            }
        }
        weight = new Param(name, "W", nIn * nOut, perm, true, true);
        bias = hasBias ? new Param(name, "b", nOut, null, false, true) : null;
    }

    @Override
    void forward(int batch, Mode mode) {
        Lanes.gemm(batch, nOut, nIn, in, nIn, 1, weight.w, nOut, out, nOut);
        if (bias != null) {
            float[] b = bias.w;
            for (int n = 0; n < batch; n++) {
                for (int o = 0, i = n * nOut; o < nOut; o++, i++) {
                    out[i] += b[o];
                }
            }
        }
    }

    @Override
    void backward(int batch) {
        Lanes.gemm(nIn, nOut, batch, in, 1, nIn, dOut, nOut, weight.g, nOut);
        if (bias != null) {
            for (int o = 0; o < nOut; o++) {
                double s = 0;
                for (int n = 0; n < batch; n++) {
                    s += dOut[n * nOut + o];
                }
                bias.g[o] = (float) s;
            }
        }
        if (dIn != null) {
            float[] w = weight.w;
            // In 16 x 16 tiles, so neither side walks a column of cache lines.
            for (int i0 = 0; i0 < nIn; i0 += 16) {
                for (int o0 = 0; o0 < nOut; o0 += 16) {
                    for (int i = i0, ie = Math.min(nIn, i0 + 16); i < ie; i++) {
                        for (int o = o0, oe = Math.min(nOut, o0 + 16); o < oe; o++) {
                            transposed[o * nIn + i] = w[i * nOut + o];
                        }
                    }
                }
            }
            Lanes.gemm(batch, nIn, nOut, dOut, nOut, 1, transposed, nIn, dIn, nIn);
        }
    }
}
