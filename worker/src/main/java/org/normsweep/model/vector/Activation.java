package org.normsweep.model.vector;

/** Sigmoid or ReLU, element-wise over {@code perExample} values per example. */
final class Activation extends Stage {
    /** Read by {@link VectorProbe} too: the activation's input and the values per example. */
    final float[] in;

    final int perExample;
    private final boolean sigmoid;

    Activation(String name, float[] in, int perExample, int maxBatch, boolean sigmoid) {
        super(name);
        this.in = in;
        this.perExample = perExample;
        this.sigmoid = sigmoid;
        out = outBuffer(maxBatch, perExample);
        dIn = buffer(maxBatch, perExample);
    }

    @Override
    void forward(int batch, Mode mode) {
        int n = batch * perExample;
        probe = sigmoid ? Lanes.sigmoid(in, out, n, checkInput) : Lanes.relu(in, out, n, checkInput);
    }

    @Override
    void backward(int batch) {
        int n = batch * perExample;
        if (sigmoid) {
            Lanes.sigmoidBackward(out, dOut, dIn, n);
        } else {
            // Scalar on purpose: a vector compare and blend (masks) runs slower on Java 17 than this loop.
            for (int i = 0; i < n; i++) {
                dIn[i] = in[i] > 0 ? dOut[i] : 0f;
            }
        }
    }
}
