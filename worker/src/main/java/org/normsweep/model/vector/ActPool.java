package org.normsweep.model.vector;

/**
 * LeNet's first activation and 2x2 average pool as one stage, on {@code [n][6][28][28]}: forward keeps the
 * activation (sigmoid's backward needs it) and writes the pooled {@code [n][6][14][14]}; backward spreads the
 * pooled gradient (rows of 16, as conv2 writes it) and applies the activation's derivative in the same pass, so the
 * activation's gradient never makes a trip through a 2.4 MB buffer.
 */
final class ActPool extends Stage {
    private static final int SIDE = 28;
    private static final int PLANE = SIDE * SIDE;

    private final float[] in;
    private final int channels;
    private final boolean sigmoid;
    private final float[] act;
    private final float[] row = new float[2 * Lanes.L];

    ActPool(String name, float[] in, int channels, int maxBatch, boolean sigmoid) {
        super(name);
        this.in = in;
        this.channels = channels;
        this.sigmoid = sigmoid;
        act = buffer(maxBatch, channels * PLANE);
        out = buffer(maxBatch, channels * PLANE / 4);
        dIn = buffer(maxBatch, channels * PLANE);
    }

    @Override
    void forward(int batch, Mode mode) {
        int n = batch * channels * PLANE;
        if (sigmoid) {
            Lanes.sigmoid(in, act, n);
        } else {
            for (int i = 0; i < n; i++) {
                act[i] = Math.max(in[i], 0f);
            }
        }
        for (int p = 0, planes = batch * channels; p < planes; p++) {
            int base = p * PLANE;
            int o = p * PLANE / 4;
            for (int y = 0; y < SIDE / 2; y++) {
                int i = base + 2 * y * SIDE;
                for (int x = 0; x < SIDE / 2; x++, i += 2) {
                    out[o++] = (act[i] + act[i + 1] + act[i + SIDE] + act[i + SIDE + 1]) * 0.25f;
                }
            }
        }
    }

    @Override
    void backward(int batch) {
        for (int p = 0, planes = batch * channels; p < planes; p++) {
            int base = p * PLANE;
            int g = p * (SIDE / 2) * Lanes.L;
            for (int y = 0; y < SIDE; y += 2) {
                int gr = g + (y / 2) * Lanes.L;
                for (int x = 0; x < SIDE; x++) {
                    row[x] = dOut[gr + x / 2] * 0.25f;
                }
                for (int yy = y; yy < y + 2; yy++) {
                    int i = base + yy * SIDE;
                    if (sigmoid) {
                        Lanes.sigmoidBackwardRow(act, row, dIn, i);
                    } else {
                        for (int x = 0; x < SIDE; x++) {
                            dIn[i + x] = in[i + x] > 0 ? row[x] : 0f;
                        }
                    }
                }
            }
        }
    }
}
