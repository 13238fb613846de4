package org.normsweep.model.vector;

import java.util.SplittableRandom;

/**
 * DL4J's inverted dropout on a dense layer's input: each value kept with probability {@code retain} and then
 * scaled by 1 / retain, in training steps and training-mode evaluation; the identity at inference. Masks come from
 * the engine's own seeded generator (not DL4J's masks: same distribution, reproducible run to run).
 */
final class Dropout extends Stage {
    private final float[] in;
    private final int perExample;
    private final double retain;
    private final float[] mask;
    SplittableRandom random;

    Dropout(String name, float[] in, int perExample, int maxBatch, double retain) {
        super(name);
        this.in = in;
        this.perExample = perExample;
        this.retain = retain;
        out = outBuffer(maxBatch, perExample);
        dIn = buffer(maxBatch, perExample);
        mask = buffer(maxBatch, perExample);
    }

    @Override
    void forward(int batch, Mode mode) {
        int n = batch * perExample;
        if (mode == Mode.INFER) {
            System.arraycopy(in, 0, out, 0, n);
            return;
        }
        float scale = (float) (1.0 / retain);
        for (int i = 0; i < n; i++) {
            mask[i] = random.nextDouble() < retain ? scale : 0f;
            out[i] = in[i] * mask[i];
        }
    }

    @Override
    void backward(int batch) {
        for (int i = 0, n = batch * perExample; i < n; i++) {
            dIn[i] = dOut[i] * mask[i];
        }
    }
}
