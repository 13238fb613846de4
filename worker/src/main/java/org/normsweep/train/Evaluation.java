package org.normsweep.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.model.vector.VectorNetwork;
import org.normsweep.model.vector.VectorPath;
import org.normsweep.trial.TrialSpec;

/** Loss, accuracy and per-class accuracy of a network on a split, without gradient bookkeeping. */
public final class Evaluation {
    private static final int EVAL_CHUNK = 1000;

    private Evaluation() {}

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

    /** {@link #evalMode(MultiLayerNetwork, ImageDataset)} on the vector engine where it trains the trial. */
    public static Score evalMode(BuiltNetwork built, TrialSpec spec, ImageDataset data) {
        if (!VectorPath.runs(spec)) {
            return evalMode(built.network(), data);
        }
        return evaluate(built, spec, data, false);
    }

    /**
     * {@link #trainMode(MultiLayerNetwork, ImageDataset, int)} on the vector engine where it trains the trial (its
     * training-mode forward pass updates nothing; dropout masks from a seed of the trial's own).
     */
    public static Score trainMode(BuiltNetwork built, TrialSpec spec, ImageDataset data) {
        if (!VectorPath.runs(spec)) {
            return trainMode(built.network(), data, spec.batchSize());
        }
        return evaluate(built, spec, data, true);
    }

    private static Score evaluate(BuiltNetwork built, TrialSpec spec, ImageDataset data, boolean train) {
        VectorNetwork engine = built.vector().engine(spec);
        engine.load(built.network());
        engine.seedDropout(~spec.seed());
        int[] order = EpochBatches.inOrder(data.size());
        int[] correct = new int[ImageDataset.CLASSES];
        int[] count = new int[ImageDataset.CLASSES];
        double lossSum = 0;
        for (int from = 0; from < data.size(); from += spec.batchSize()) {
            int b = engine.gather(data, order, from, Math.min(data.size(), from + spec.batchSize()));
            lossSum += tally(engine.predict(b, train), ImageDataset.CLASSES, data, from, b, correct, count);
        }
        return new Score(lossSum / data.size(), correct, count);
    }

    private static Score evaluate(MultiLayerNetwork net, ImageDataset data, boolean train, int chunk) {
        int[] order = EpochBatches.inOrder(data.size());
        int[] correct = new int[ImageDataset.CLASSES];
        int[] count = new int[ImageDataset.CLASSES];
        double lossSum = 0;
        for (int from = 0; from < data.size(); from += chunk) {
            int to = Math.min(data.size(), from + chunk);
            INDArray probs =
                    net.output(EpochBatches.batch(data, order, from, to).getFeatures(), train);
            lossSum +=
                    tally(probs.dup('c').data().asFloat(), (int) probs.size(1), data, from, to - from, correct, count);
        }
        return new Score(lossSum / data.size(), correct, count);
    }

    /** Counts examples {@code from..from+n-1} given their probabilities {@code p}; returns their summed loss. */
    private static double tally(
            float[] p, int classes, ImageDataset data, int from, int n, int[] correct, int[] count) {
        double lossSum = 0;
        for (int i = 0; i < n; i++) {
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
        return lossSum;
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
