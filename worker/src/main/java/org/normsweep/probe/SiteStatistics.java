package org.normsweep.probe;

import java.util.ArrayList;
import java.util.List;
import org.normsweep.model.ActivationSite;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.HistogramRecord;

/**
 * The statistics of one tensor at one site, computed in double precision over its float values:
 * plain Java arithmetic, so tests can check it against hand-computed numbers.
 */
final class SiteStatistics {
    private SiteStatistics() {}

    /** Saturation test for a sigmoid output. */
    static boolean sigmoidSaturated(double v) {
        return v < 0.05 || v > 0.95;
    }

    /**
     * @param values    the activation values
     * @param grads     dL/da of the batch-summed loss, the same shape
     * @param batchSize divides the gradients into those of the batch-mean loss
     * @param saturated null for a {@code pre} position, else the test for a saturated unit
     */
    static ActivationRecord record(
            int epoch,
            ActivationSite site,
            String position,
            float[] values,
            float[] grads,
            int batchSize,
            java.util.function.DoublePredicate saturated) {
        if (values.length != grads.length) {
            throw new IllegalArgumentException(values.length + " values, " + grads.length + " gradients");
        }
        return record(epoch, site, position, values, grads, values.length, batchSize, saturated);
    }

    /**
     * {@link #record} over the first {@code length} values and gradients only (the engine's buffers are longer).
     * Every statistic here is a sum or a count, so the order of the values does not matter: the engine's layouts
     * (channels last at conv2) give the same numbers as DL4J's NCHW, up to the rounding of the double sums.
     */
    static ActivationRecord record(
            int epoch,
            ActivationSite site,
            String position,
            float[] values,
            float[] grads,
            int length,
            int batchSize,
            java.util.function.DoublePredicate saturated) {
        double sumAbs = 0;
        double sum = 0;
        double sumSq = 0;
        long sat = 0;
        for (int i = 0; i < length; i++) {
            double v = values[i];
            sumAbs += Math.abs(v);
            sum += v;
            sumSq += v * v;
            if (saturated != null && saturated.test(v)) {
                sat++;
            }
        }
        double n = length;
        double mean = sum / n;
        double variance = Math.max(0, sumSq / n - mean * mean);
        double gradAbs = 0;
        for (int i = 0; i < length; i++) {
            gradAbs += Math.abs(grads[i]);
        }
        return new ActivationRecord(
                epoch,
                site.layer(),
                site.name(),
                position,
                sumAbs / n,
                sumSq / n,
                Math.sqrt(variance),
                saturated == null ? null : sat / n,
                gradAbs / n / batchSize);
    }

    /** Counts of {@code values} in {@link HistogramRecord#EDGES}' bins, with underflow and overflow bins. */
    static List<HistogramRecord> histogram(int epoch, ActivationSite site, String position, float[] values) {
        return histogram(epoch, site, position, values, values.length);
    }

    /** {@link #histogram} of the first {@code length} values only. */
    static List<HistogramRecord> histogram(
            int epoch, ActivationSite site, String position, float[] values, int length) {
        double[] edges = HistogramRecord.EDGES;
        int bins = edges.length - 1;
        double width = edges[1] - edges[0];
        long[] counts = new long[bins + 2];
        for (int i = 0; i < length; i++) {
            double v = values[i];
            if (v < edges[0]) {
                counts[0]++;
            } else if (v >= edges[bins]) {
                counts[bins + 1]++;
            } else {
                counts[1 + Math.min(bins - 1, (int) Math.floor((v - edges[0]) / width))]++;
            }
        }
        List<HistogramRecord> out = new ArrayList<>(bins + 2);
        out.add(new HistogramRecord(
                epoch, site.layer(), site.name(), position, Double.NEGATIVE_INFINITY, edges[0], counts[0]));
        for (int i = 0; i < bins; i++) {
            out.add(new HistogramRecord(
                    epoch, site.layer(), site.name(), position, edges[i], edges[i + 1], counts[i + 1]));
        }
        out.add(new HistogramRecord(
                epoch, site.layer(), site.name(), position, edges[bins], Double.POSITIVE_INFINITY, counts[bins + 1]));
        return out;
    }
}
