package org.normsweep.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;

/** Loss, accuracy and per-class accuracy of a network on a split, without gradient bookkeeping. */
public final class Evaluation {
    private static final int EVAL_CHUNK = 1000;

    private Evaluation() {
    }

    /** Eval mode: BN layers use their running statistics. */
    public static Score evalMode(MultiLayerNetwork net, ImageDataset data) {
        return evaluate(net, data, false, EVAL_CHUNK);
    }

    /**
     * Train mode: BN layers normalise each batch of {@code batchSize} test images with that batch's own
     * statistics (and dropout is active), as a PyTorch model evaluated in {@code train()} mode. Runs on a
     * clone, so nothing the forward pass might update leaks into the trained network.
     */
    public static Score trainMode(MultiLayerNetwork net, ImageDataset data, int batchSize) {
        return evaluate(net.clone(), data, true, batchSize);
    }

    private static Score evaluate(MultiLayerNetwork net, ImageDataset data, boolean train, int chunk) {
        int[] order = EpochBatches.inOrder(data.size());
        int[] correct = new int[ImageDataset.CLASSES];
        int[] count = new int[ImageDataset.CLASSES];
        double lossSum = 0;
        for (int from = 0; from < data.size(); from += chunk) {
            int to = Math.min(data.size(), from + chunk);
            INDArray probs = net.output(EpochBatches.batch(data, order, from, to).getFeatures(), train);
            float[] p = probs.dup('c').data().asFloat();
            int classes = (int) probs.size(1);
            for (int i = 0; i < to - from; i++) {
                int label = data.label(from + i);
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (p[i * classes + c] > p[i * classes + best]) {
                        best = c;
                    }
                }
                count[label]++;
                if (best == label) {
                    correct[label]++;
                }
                lossSum -= Math.log(Math.max(p[i * classes + label], Float.MIN_NORMAL));
            }
        }
        return new Score(lossSum / data.size(), correct, count);
    }

    /** Mean loss and, per class, how many examples there were and how many were right. */
    public record Score(double loss, int[] correct, int[] count) {
        public double accuracy() {
            long right = 0;
            long all = 0;
            for (int c = 0; c < count.length; c++) {
                right += correct[c];
                all += count[c];
            }
            return all == 0 ? Double.NaN : (double) right / all;
        }

        public double accuracy(int label) {
            return count[label] == 0 ? Double.NaN : (double) correct[label] / count[label];
        }
    }
}
