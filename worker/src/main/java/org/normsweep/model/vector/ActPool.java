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

    /** Read by {@link VectorProbe} too: the input, the planes per example, whether BN applied the activation. */
    final float[] in;

    final int channels;
    private final boolean sigmoid;
    final boolean activated;
    /** The activation's output, {@code [n][channels][28][28]} (when {@link #activated}, BN's output buffer). */
    final float[] act;

    private final float[] row = new float[2 * Lanes.L];

    /** {@code activated}: the stage before (BN) already applied the activation, {@code in} holds its output. */
    ActPool(String name, float[] in, int channels, int maxBatch, boolean sigmoid, boolean activated) {
        super(name);
        this.in = in;
        this.channels = channels;
        this.sigmoid = sigmoid;
        this.activated = activated;
        act = activated ? in : buffer(maxBatch, channels * PLANE);
        out = outBuffer(maxBatch, channels * PLANE / 4);
        dIn = buffer(maxBatch, channels * PLANE);
    }

    @Override
    void forward(int batch, Mode mode) {
        int n = batch * channels * PLANE;
        if (activated) {
            // BN computed the activation in its own pass; a non-finite input would have made its output NaN.
            probe = 0f;
        } else {
            probe = sigmoid ? Lanes.sigmoid(in, act, n, checkInput) : Lanes.relu(in, act, n, checkInput);
        }
        Lanes.pool28(act, out, batch * channels);
    }

    @Override
    void backward(int batch) {
        if (sigmoid) {
            Lanes.sigmoidPoolBackward(act, dOut, dIn, batch * channels);
            return;
        }
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
                    for (int x = 0; x < SIDE; x++) {
                        dIn[i + x] = act[i + x] > 0 ? row[x] : 0f;
                    }
                }
            }
        }
    }
}
