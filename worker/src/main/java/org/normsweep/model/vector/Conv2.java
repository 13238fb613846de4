package org.normsweep.model.vector;

/**
 * LeNet's second convolution: input {@code [n][6][14][14]}, 16 filters 5x5, output {@code [n][10][10][16]} (the 16
 * channels innermost: one vector per position). Weights are kept as {@code [ic][ky][kx][oc]}; the input gradient
 * is written as {@code [n][6][14][16]} (rows padded to a vector; columns 14 and 15 are scratch).
 */
final class Conv2 extends Stage {
    private final float[] in;
    private final float[] padded = new float[16 * 18 * Lanes.PAD2 + Lanes.L];
    final Param weight;
    final Param bias;

    Conv2(String name, float[] in, int maxBatch, boolean hasBias) {
        super(name);
        this.in = in;
        out = outBuffer(maxBatch, 1600);
        dIn = buffer(maxBatch, 6 * 14 * 16);
        int[] perm = new int[150 * 16];
        for (int t = 0; t < 150; t++) {
            for (int oc = 0; oc < 16; oc++) {
                perm[t * 16 + oc] = oc * 150 + t; // DL4J: [oc][ic][ky][kx]
            }
        }
        weight = new Param(name, "W", 150 * 16, perm, true, true);
        bias = hasBias ? new Param(name, "b", 16, null, false, true) : null;
    }

    @Override
    void forward(int batch, Mode mode) {
        Lanes.conv2Forward(in, weight.w, bias == null ? null : bias.w, out, batch);
    }

    @Override
    void backward(int batch) {
        Lanes.conv2WeightGradient(in, dOut, weight.g, batch);
        if (bias != null) {
            for (int oc = 0; oc < 16; oc++) {
                double s = 0;
                for (int i = oc, end = batch * 1600; i < end; i += 16) {
                    s += dOut[i];
                }
                bias.g[oc] = (float) s;
            }
        }
        Lanes.conv2InputGradient(dOut, weight.w, dIn, padded, batch);
    }
}
