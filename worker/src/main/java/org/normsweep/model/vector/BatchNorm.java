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
 * With {@link Kind#scratch} it is the from-scratch layer ({@code model.scratch.ScratchBatchNorm}) instead: moving mean
 * and variance kept as such, mean = decay mean + (1 - decay) batch mean in float, likewise the variance (decay = 1 -
 * its momentum 0.1); and its "lite" modes: xhat = x - mean (no division, backward dx = gamma (g -
 * mean(g))) or xhat = x / sqrt(var + eps) (no centring, dx = gamma (g - u mean(g xhat)) / sqrt(var + eps) with u the
 * centred, scaled value), as that layer computes them.
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
    private final float[] meanF;
    private final float[] gammaF;
    private final float[] betaF;
    private final float[] ga;
    private final float[] gb;
    private final float[] gk;
    private final double[] sumG;
    private final double[] sumGH;
    private final double[] pair = new double[2];
    private final float[] lanes = new float[2 * Lanes.L];
    /**
     * What the layer computes: whether it subtracts the mean and divides by the standard deviation, and whether its
     * moving statistics are the from-scratch layer's (mean and variance) rather than DL4J's (mean and log10 std).
     */
    record Kind(boolean centres, boolean scales, boolean scratch) {
        /** DL4J's layer. */
        static final Kind DL4J = new Kind(true, true, false);
    }

    final Kind kind;
    /** Null without gamma and beta (no_affine): 1 and 0. */
    final Param gamma;

    final Param beta;
    final float[] movingMean;
    final float[] movingLog10Std;
    /** The from-scratch layer's moving variance ({@link Kind#scratch}); unused otherwise. */
    final float[] movingVar;
    /**
     * 0, or the activation this layer's output already went through (1 sigmoid, 2 ReLU): set by the network only
     * for channel planes of whole vectors, where {@link Lanes#normalize} applies it in the same pass.
     */
    int fusedActivation;
    /** False once a moving statistic left float range. */
    boolean finite = true;

    BatchNorm(
            String name,
            float[] in,
            int spatial,
            int channels,
            int inner,
            int maxBatch,
            double decay,
            double eps,
            boolean affine,
            boolean freezeGamma,
            boolean freezeBeta,
            Kind kind) {
        super(name);
        this.kind = kind;
        this.in = in;
        this.spatial = spatial;
        this.channels = channels;
        this.inner = inner;
        this.decay = decay;
        this.eps = eps;
        int per = spatial * channels * inner;
        out = outBuffer(maxBatch, per);
        dIn = buffer(maxBatch, per);
        xhat = buffer(maxBatch, per);
        mean = new double[channels];
        var = new double[channels];
        inv = new float[channels];
        meanF = new float[channels];
        gammaF = new float[channels];
        betaF = new float[channels];
        ga = new float[channels];
        gb = new float[channels];
        gk = new float[channels];
        sumG = new double[channels];
        sumGH = new double[channels];
        gamma = affine ? new Param(name, "gamma", channels, null, false, !freezeGamma) : null;
        beta = affine ? new Param(name, "beta", channels, null, false, !freezeBeta) : null;
        movingMean = new float[channels];
        movingLog10Std = new float[channels];
        movingVar = new float[channels];
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
                mean[c] = movingMean[c];
                if (kind.scratch()) {
                    var[c] = movingVar[c];
                } else {
                    double sd = Math.pow(10.0, movingLog10Std[c]);
                    var[c] = sd * sd;
                }
            }
        } else if (inner % Lanes.L == 0) {
            long count = (long) outer * inner;
            for (int c = 0; c < channels; c++) {
                double s = 0;
                for (int o = 0; o < outer; o++) {
                    s += Lanes.sum(in, o * stride + c * inner, inner, lanes);
                }
                double m = s / count;
                double q = 0;
                for (int o = 0; o < outer; o++) {
                    q += Lanes.sumSquaredDeviations(in, o * stride + c * inner, inner, (float) m, lanes);
                }
                mean[c] = m;
                var[c] = q / count;
            }
        } else if (inner == 1) {
            long count = outer;
            double[] acc = sumG;
            java.util.Arrays.fill(acc, 0);
            channelSums(outer, null, acc);
            float[] m = meanF;
            for (int c = 0; c < channels; c++) {
                mean[c] = acc[c] / count;
                m[c] = (float) mean[c];
                acc[c] = 0;
            }
            channelSums(outer, m, acc);
            for (int c = 0; c < channels; c++) {
                var[c] = acc[c] / count;
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
            inv[c] = kind.scales() ? iv : 1f;
            meanF[c] = kind.centres() ? m : 0f;
            gammaF[c] = gamma == null ? 1f : gamma.w[c];
            betaF[c] = beta == null ? 0f : beta.w[c];
        }
        if (inner % Lanes.L == 0) {
            for (int o = 0; o < outer; o++) {
                for (int c = 0; c < channels; c++) {
                    Lanes.normalize(
                            in,
                            xhat,
                            out,
                            o * stride + c * inner,
                            inner,
                            meanF[c],
                            inv[c],
                            gammaF[c],
                            betaF[c],
                            fusedActivation);
                }
            }
        } else if (inner == 1 && channels % Lanes.L == 0) {
            Lanes.normalizeRows(in, xhat, out, outer, channels, meanF, inv, gammaF, betaF);
        } else {
            normalizeScalar(outer, stride);
        }
        if (mode == Mode.STEP) {
            updateMovingStatistics();
        }
    }

    /** Channels-last sums per channel (of (x - m)^2 when m is not null), vectorized when channels allow. */
    private void channelSums(int outer, float[] m, double[] acc) {
        if (channels % Lanes.L == 0) {
            Lanes.channelSums(in, outer, channels, spatial == 1 ? outer : spatial, m, acc, lanes);
            return;
        }
        for (int o = 0; o < outer; o++) {
            for (int c = 0, i = o * channels; c < channels; c++, i++) {
                if (m == null) {
                    acc[c] += in[i];
                } else {
                    double d = in[i] - m[c];
                    acc[c] += d * d;
                }
            }
        }
    }

    private void normalizeScalar(int outer, int stride) {
        for (int c = 0; c < channels; c++) {
            float m = meanF[c];
            float iv = inv[c];
            float g = gammaF[c];
            float b = betaF[c];
            for (int o = 0; o < outer; o++) {
                for (int i = o * stride + c * inner, end = i + inner; i < end; i++) {
                    float h = (in[i] - m) * iv;
                    xhat[i] = h;
                    out[i] = g * h + b;
                }
            }
        }
    }

    /**
     * Writes gamma xhat + beta of the last forward pass into {@code into}: the layer's output before the activation
     * fused into it ({@link #fusedActivation}), which training never stores but {@link VectorProbe} reads. The same
     * float operations as {@link Lanes#normalize} (a product, then a sum; no fma), so the same bits.
     */
    void affineOutput(int batch, float[] into) {
        int stride = channels * inner;
        for (int o = 0, outer = outer(batch); o < outer; o++) {
            for (int c = 0; c < channels; c++) {
                float g = gammaF[c];
                float b = betaF[c];
                for (int i = o * stride + c * inner, end = i + inner; i < end; i++) {
                    into[i] = xhat[i] * g + b;
                }
            }
        }
    }

    private void updateMovingStatistics() {
        if (kind.scratch()) {
            float keep = (float) decay;
            float take = (float) (1 - decay);
            for (int c = 0; c < channels; c++) {
                movingMean[c] = movingMean[c] * keep + (float) mean[c] * take;
                movingVar[c] = movingVar[c] * keep + (float) var[c] * take;
                finite &= Float.isFinite(movingMean[c]) && Float.isFinite(movingVar[c]);
            }
            return;
        }
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

    /** Whether every moving statistic is finite. */
    boolean movingFinite() {
        for (int c = 0; c < channels; c++) {
            if (!Float.isFinite(movingMean[c]) || !Float.isFinite(kind.scratch() ? movingVar[c] : movingLog10Std[c])) {
                return false;
            }
        }
        return true;
    }

    @Override
    void backward(int batch) {
        int outer = outer(batch);
        int stride = channels * inner;
        long count = (long) outer * inner;
        boolean planes = inner % Lanes.L == 0;
        boolean rows = inner == 1;
        if (rows) {
            java.util.Arrays.fill(sumG, 0);
            java.util.Arrays.fill(sumGH, 0);
            if (channels % Lanes.L == 0) {
                Lanes.channelSumAndDot(dOut, xhat, outer, channels, spatial == 1 ? outer : spatial, sumG, sumGH, lanes);
            } else {
                for (int o = 0; o < outer; o++) {
                    for (int c = 0, i = o * channels; c < channels; c++, i++) {
                        sumG[c] += dOut[i];
                        sumGH[c] += (double) dOut[i] * xhat[i];
                    }
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            double sg = 0, sgh = 0;
            if (planes) {
                pair[0] = 0;
                pair[1] = 0;
                for (int o = 0; o < outer; o++) {
                    Lanes.sumAndDot(dOut, xhat, o * stride + c * inner, inner, pair, lanes);
                }
                sg = pair[0];
                sgh = pair[1];
            } else if (rows) {
                sg = sumG[c];
                sgh = sumGH[c];
            } else {
                for (int o = 0; o < outer; o++) {
                    for (int i = o * stride + c * inner, end = i + inner; i < end; i++) {
                        sg += dOut[i];
                        sgh += (double) dOut[i] * xhat[i];
                    }
                }
            }
            if (gamma != null) {
                gamma.g[c] = (float) sgh;
                beta.g[c] = (float) sg;
            }
            double g = gamma == null ? 1.0 : gamma.w[c];
            double iv = inv[c];
            ga[c] = (float) (g * iv);
            if (!kind.scales()) { // xhat = x - mean
                gb[c] = 0f;
                gk[c] = (float) (-g * sg / count);
            } else if (!kind.centres()) { // xhat = x iv: u = xhat - mean iv
                gb[c] = (float) (-g * sgh / count * iv);
                gk[c] = (float) (g * sgh / count * iv * mean[c] * iv);
            } else {
                gb[c] = (float) (-g * sgh / count * iv);
                gk[c] = (float) (-g * sg / count * iv);
            }
        }
        if (planes) {
            for (int o = 0; o < outer; o++) {
                for (int c = 0; c < channels; c++) {
                    Lanes.affine2(dOut, xhat, dIn, o * stride + c * inner, inner, ga[c], gb[c], gk[c]);
                }
            }
        } else if (rows && channels % Lanes.L == 0) {
            Lanes.affine2Rows(dOut, xhat, dIn, outer, channels, ga, gb, gk);
        } else if (rows) {
            for (int o = 0; o < outer; o++) {
                for (int c = 0, i = o * channels; c < channels; c++, i++) {
                    dIn[i] = dOut[i] * ga[c] + xhat[i] * gb[c] + gk[c];
                }
            }
        } else {
            for (int c = 0; c < channels; c++) {
                float a = ga[c];
                float bh = gb[c];
                float k = gk[c];
                for (int o = 0; o < outer; o++) {
                    for (int i = o * stride + c * inner, end = i + inner; i < end; i++) {
                        dIn[i] = dOut[i] * a + xhat[i] * bh + k;
                    }
                }
            }
        }
    }
}
