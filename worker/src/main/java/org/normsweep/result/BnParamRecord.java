package org.normsweep.result;

import java.io.Serializable;

/**
 * The learned scale (gamma) and shift (beta) of one BN layer after an epoch, every value and summaries
 * (seed 001 Q5's histograms, seed 003's "learned scale and shift"). Layers without learned gamma and beta
 * (the variant {@code no_affine}) have no rows.
 *
 * @param epoch 0 = before training, then 1-based
 */
public record BnParamRecord(int epoch, int layer, String layerName, double[] gamma, double[] beta)
        implements Serializable {

    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Population standard deviation. */
    public static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    public static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    public static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
