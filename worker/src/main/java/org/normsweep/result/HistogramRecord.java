package org.normsweep.result;

import java.io.Serializable;

/**
 * One bin of the distribution of activation values at a site on the probe batch. Bins are fixed for
 * every trial ({@link #EDGES}), so histograms of different trials and epochs add and compare.
 *
 * @param binLow  inclusive lower edge ({@code -Infinity} for the underflow bin)
 * @param binHigh exclusive upper edge ({@code +Infinity} for the overflow bin)
 * @param count   how many values fell in the bin
 */
public record HistogramRecord(
        int epoch, int layer, String layerName, String position, double binLow, double binHigh, long count)
        implements Serializable {
    /** 80 bins of width 0.25 over [-10, 10), plus an underflow and an overflow bin. */
    public static final double[] EDGES = edges();

    private static double[] edges() {
        double[] e = new double[81];
        for (int i = 0; i <= 80; i++) {
            e[i] = -10 + i * 0.25;
        }
        return e;
    }
}
