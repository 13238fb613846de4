package org.normsweep.model.vector;

/**
 * Softmax over 10 classes and DL4J's MCXENT loss: the mean over the batch of -log(max(p_label, 1e-10)) (DL4J clips
 * the probabilities it takes the log of); the gradient of the summed loss at the softmax's input is p - onehot.
 */
final class SoftmaxLoss extends Stage {
    private static final float CLIP = 1e-10f;

    private final float[] in;
    private final int classes;
    int[] labels;

    SoftmaxLoss(String name, float[] in, int classes, int maxBatch) {
        super(name);
        this.in = in;
        this.classes = classes;
        out = outBuffer(maxBatch, classes);
        dIn = buffer(maxBatch, classes);
    }

    @Override
    void forward(int batch, Mode mode) {
        for (int n = 0; n < batch; n++) {
            int o = n * classes;
            float max = in[o];
            for (int c = 1; c < classes; c++) {
                max = Math.max(max, in[o + c]);
            }
            float sum = 0;
            for (int c = 0; c < classes; c++) {
                float e = (float) Math.exp(in[o + c] - max);
                out[o + c] = e;
                sum += e;
            }
            for (int c = 0; c < classes; c++) {
                out[o + c] /= sum;
            }
        }
    }

    /** The mean loss of the last forward pass over its batch. */
    double loss(int batch) {
        double s = 0;
        for (int n = 0; n < batch; n++) {
            float p = out[n * classes + labels[n]];
            s -= Math.log(p < CLIP ? CLIP : p);
        }
        return s / batch;
    }

    @Override
    void backward(int batch) {
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < classes; c++) {
                int i = n * classes + c;
                dIn[i] = out[i] - (labels[n] == c ? 1f : 0f);
            }
        }
    }
}
