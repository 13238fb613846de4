package org.normsweep.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;

/** Test loss and accuracy in inference mode (BN running statistics, no gradient bookkeeping). */
public final class Evaluation {
    private static final int CHUNK = 1000;

    private Evaluation() {
    }

    /** Mean cross-entropy and top-1 accuracy of {@code net} on all of {@code data}. */
    public static Score evaluate(MultiLayerNetwork net, ImageDataset data) {
        int[] order = EpochBatches.inOrder(data.size());
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < data.size(); from += CHUNK) {
            int to = Math.min(data.size(), from + CHUNK);
            INDArray probs = net.output(EpochBatches.batch(data, order, from, to).getFeatures(), false);
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
                if (best == label) {
                    correct++;
                }
                lossSum -= Math.log(Math.max(p[i * classes + label], Float.MIN_NORMAL));
            }
        }
        return new Score(lossSum / data.size(), (double) correct / data.size());
    }

    /** Mean loss and accuracy over a split. */
    public record Score(double loss, double accuracy) {
    }
}
