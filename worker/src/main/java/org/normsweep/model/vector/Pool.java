package org.normsweep.model.vector;

/**
 * 2x2 average pooling, stride 2. Channels first ({@code [n][c][h][w]}, LeNet's pool1, whose output gradient comes
 * in rows of {@code gradStride}) or channels last ({@code [n][h][w][c]}, pool2).
 */
final class Pool extends Stage {
    private final float[] in;
    private final int channels;
    private final int side;
    private final boolean channelsLast;
    private final int gradStride;

    Pool(String name, float[] in, int channels, int side, int maxBatch, boolean channelsLast, int gradStride) {
        super(name);
        this.in = in;
        this.channels = channels;
        this.side = side;
        this.channelsLast = channelsLast;
        this.gradStride = gradStride;
        out = outBuffer(maxBatch, channels * side * side / 4);
        dIn = buffer(maxBatch, channels * side * side);
    }

    @Override
    void forward(int batch, Mode mode) {
        int h = side / 2;
        if (channelsLast) {
            int c = channels;
            for (int n = 0; n < batch; n++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < h; x++) {
                        int i = ((n * side + 2 * y) * side + 2 * x) * c;
                        int o = ((n * h + y) * h + x) * c;
                        for (int k = 0; k < c; k++) {
                            out[o + k] = (in[i + k] + in[i + c + k] + in[i + side * c + k] + in[i + side * c + c + k])
                                    * 0.25f;
                        }
                    }
                }
            }
            return;
        }
        for (int p = 0, planes = batch * channels; p < planes; p++) {
            for (int y = 0; y < h; y++) {
                int i = (p * side + 2 * y) * side;
                int o = (p * h + y) * h;
                for (int x = 0; x < h; x++) {
                    out[o + x] = (in[i + 2 * x] + in[i + 2 * x + 1] + in[i + side + 2 * x] + in[i + side + 2 * x + 1])
                            * 0.25f;
                }
            }
        }
    }

    @Override
    void backward(int batch) {
        int h = side / 2;
        if (channelsLast) {
            int c = channels;
            for (int n = 0; n < batch; n++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        int i = ((n * side + y) * side + x) * c;
                        int o = ((n * h + y / 2) * h + x / 2) * c;
                        for (int k = 0; k < c; k++) {
                            dIn[i + k] = dOut[o + k] * 0.25f;
                        }
                    }
                }
            }
            return;
        }
        for (int p = 0, planes = batch * channels; p < planes; p++) {
            for (int y = 0; y < side; y++) {
                int i = (p * side + y) * side;
                int o = (p * h + y / 2) * gradStride;
                for (int x = 0; x < side; x++) {
                    dIn[i + x] = dOut[o + x / 2] * 0.25f;
                }
            }
        }
    }
}
