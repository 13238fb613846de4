package org.normsweep.model.vector;

/**
 * DL4J's batch normalisation over values laid out per example as {@code [spatial][channels][inner]}: per channel,
 * over its m = batch * spatial * inner values,
 * <ul>
 *   <li>training: batch mean and biased variance (summed in double), xhat = (x - mean) / sqrt(var + eps),
 *       y = gamma xhat + beta; inference: the moving mean and variance instead;</li>
 *   <li>backward, g = dL/dy: dbeta = sum g, dgamma = sum g xhat, dx = (gamma g - mean(gamma g)
 *       - xhat mean(gamma g xhat)) / sqrt(var + eps);</li>
 *   <li>moving statistics as DL4J's step leaves them: mean -= (1 - decay)(mean - batch mean); log10 std -=
 *       log(var / var') / (2 ln 10) with var' = decay var + (1 - decay) batch var.</li>
 * </ul>
 */
final class BatchNorm extends Stage {
    private static final double ONE_ON_2_LN_10 = 1.0 / (2 * Math.log(10.0));

    private final float[] in;
    private final int spatial;
    private final int channels;
    private final int inner;
    private final double decay;
    private final double eps;
    private final float[] xhat;
    private final double[] mean;
    private final double[] var;
    private final float[] inv;
    /** Null without gamma and beta (no_affine): 1 and 0. */
    final Param gamma;
    final Param beta;
    final float[] movingMean;
    final float[] movingLog10Std;
    /** False once a moving statistic left float range. */
    boolean finite = true;

    BatchNorm(String name, float[] in, int spatial, int channels, int inner, int maxBatch, double decay, double eps,
              boolean affine, boolean freezeGamma, boolean freezeBeta) {
        super(name);
        this.in = in;
        this.spatial = spatial;
        this.channels = channels;
        this.inner = inner;
        this.decay = decay;
        this.eps = eps;
        int per = spatial * channels * inner;
        out = buffer(maxBatch, per);
        dIn = buffer(maxBatch, per);
        xhat = buffer(maxBatch, per);
        mean = new double[channels];
        var = new double[channels];
        inv = new float[channels];
        gamma = affine ? new Param(name, "gamma", channels, null, false, !freezeGamma) : null;
        beta = affine ? new Param(name, "beta", channels, null, false, !freezeBeta) : null;
        movingMean = new float[channels];
        movingLog10Std = new float[channels];
    }

    private int outer(int batch) {
        return batch * spatial;
    }

    @Override
    void forward(int batch, Mode mode) {
        int outer = outer(batch);
        int stride = channels * inner;
        if (mode == Mode.INFER) {
            for (int c = 0; c < channels; c++) {
                double sd = Math.pow(10.0, movingLog10Std[c]);
                mean[c] = movingMean[c];
                var[c] = sd * sd;
            }
        } else {
            long count = (long) outer * inner;
            for (int c = 0; c < channels; c++) {
                double s0 = 0, s1 = 0;
                for (int o = 0; o < outer; o++) {
                    int i = o * stride + c * inner;
                    int end = i + inner;
                    for (; i + 1 < end; i += 2) {
                        s0 += in[i];
                        s1 += in[i + 1];
                    }
                    if (i < end) {
                        s0 += in[i];
                    }
                }
                double m = (s0 + s1) / count;
                double q0 = 0, q1 = 0;
                for (int o = 0; o < outer; o++) {
                    int i = o * stride + c * inner;
                    int end = i + inner;
                    for (; i + 1 < end; i += 2) {
                        double d0 = in[i] - m;
                        double d1 = in[i + 1] - m;
                        q0 += d0 * d0;
                        q1 += d1 * d1;
                    }
                    if (i < end) {
                        double d = in[i] - m;
                        q0 += d * d;
                    }
                }
                mean[c] = m;
                var[c] = (q0 + q1) / count;
            }
        }
        for (int c = 0; c < channels; c++) {
            float m = (float) mean[c];
            float iv = (float) (1.0 / Math.sqrt(var[c] + eps));
            if (!Float.isFinite(m) || !Float.isFinite((float) var[c])) {
                // Past float32's range DL4J's float sums overflow; so does this layer (a blown-up network diverges
                // here as it does there, instead of being kept finite by the double sums).
                iv = Float.NaN;
            }
            inv[c] = iv;
            float g = gamma == null ? 1f : gamma.w[c];
            float b = beta == null ? 0f : beta.w[c];
            for (int o = 0; o < outer; o++) {
                for (int i = o * stride + c * inner, end = i + inner; i < end; i++) {
                    float h = (in[i] - m) * iv;
                    xhat[i] = h;
                    out[i] = g * h + b;
                }
            }
        }
        if (mode == Mode.STEP) {
            updateMovingStatistics();
        }
    }

    private void updateMovingStatistics() {
        for (int c = 0; c < channels; c++) {
            float dMean = (float) ((movingMean[c] - mean[c]) * (1 - decay));
            movingMean[c] -= dMean;
            double sd = Math.pow(10.0, movingLog10Std[c]);
            double moving = sd * sd;
            double next = decay * moving + (1 - decay) * var[c];
            movingLog10Std[c] -= (float) (Math.log(moving / next) * ONE_ON_2_LN_10);
            finite &= Float.isFinite(movingMean[c]) && Float.isFinite(movingLog10Std[c]);
        }
    }

    @Override
    void backward(int batch) {
        int outer = outer(batch);
        int stride = channels * inner;
        long count = (long) outer * inner;
        for (int c = 0; c < channels; c++) {
            double sg = 0, sgh = 0;
            for (int o = 0; o < outer; o++) {
                for (int i = o * stride + c * inner, end = i + inner; i < end; i++) {
                    sg += dOut[i];
                    sgh += (double) dOut[i] * xhat[i];
                }
            }
            if (gamma != null) {
                gamma.g[c] = (float) sgh;
                beta.g[c] = (float) sg;
            }
            double g = gamma == null ? 1.0 : gamma.w[c];
            double iv = inv[c];
            float a = (float) (g * iv);
            float bh = (float) (-g * sgh / count * iv);
            float k = (float) (-g * sg / count * iv);
            for (int o = 0; o < outer; o++) {
                for (int i = o * stride + c * inner, end = i + inner; i < end; i++) {
                    dIn[i] = dOut[i] * a + xhat[i] * bh + k;
                }
            }
        }
    }
}
