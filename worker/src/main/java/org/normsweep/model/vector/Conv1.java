package org.normsweep.model.vector;

import java.util.Arrays;

/**
 * LeNet's first convolution: input {@code [n][28*28]}, 6 filters 5x5, pad 2, output {@code [n][6][28][28]}. Its
 * input gradient is never computed (nobody reads it); the weight gradient is a direct correlation, no im2col.
 */
final class Conv1 extends Stage {
    private final float[] in;
    private final float[] padded;
    private final float[] lanes = new float[6 * 25 * Lanes.L];
    final Param weight;
    final Param bias;

    Conv1(String name, float[] in, int maxBatch, boolean hasBias) {
        super(name);
        this.in = in;
        padded = new float[maxBatch * Lanes.PAD1 * Lanes.PAD1 + Lanes.L];
        out = outBuffer(maxBatch, 6 * 784);
        weight = new Param(name, "W", 6 * 25, null, true, true);
        bias = hasBias ? new Param(name, "b", 6, null, false, true) : null;
    }

    @Override
    void forward(int batch, Mode mode) {
        for (int n = 0; n < batch; n++) {
            for (int y = 0; y < 28; y++) {
                System.arraycopy(
                        in, n * 784 + y * 28, padded, n * Lanes.PAD1 * Lanes.PAD1 + (y + 2) * Lanes.PAD1 + 2, 28);
            }
        }
        Lanes.conv1Forward(padded, weight.w, bias == null ? null : bias.w, out, batch);
    }

    @Override
    void backward(int batch) {
        Lanes.conv1WeightGradient(padded, dOut, weight.g, lanes, batch);
        if (bias != null) {
            Arrays.fill(bias.g, 0f);
            for (int c = 0; c < 6; c++) {
                double s = 0;
                for (int n = 0; n < batch; n++) {
                    for (int i = (n * 6 + c) * 784, end = i + 784; i < end; i++) {
                        s += dOut[i];
                    }
                }
                bias.g[c] = (float) s;
            }
        }
    }
}
