package org.normsweep.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.normsweep.trial.TrialSeeds;

/**
 * Cuts a dataset into minibatches: flattened pixels {@code [b, rows*cols]} and one-hot labels
 * {@code [b, 10]}. Training order is a seeded shuffle that depends only on (seed, epoch), so the
 * same trial sees the same batches on any machine. The last batch may be smaller (as d2l keeps it).
 */
public final class EpochBatches {
    private EpochBatches() {}

    /** The example order of one training epoch (epochs count from 1). */
    public static int[] shuffledOrder(int size, long seed, int epoch) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        // SplittableRandom's algorithm is specified, so the order is the same on every JVM.
        SplittableRandom random = new SplittableRandom(TrialSeeds.dataOrder(seed, epoch));
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Examples 0..size-1 in order, {@code batchSize} at a time (for evaluation and the probe batch). */
    public static int[] inOrder(int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        return order;
    }

    /** The batches of {@code data} taken in {@code order}. */
    public static List<DataSet> batches(ImageDataset data, int[] order, int batchSize) {
        List<DataSet> out = new ArrayList<>((order.length + batchSize - 1) / batchSize);
        for (int from = 0; from < order.length; from += batchSize) {
            out.add(batch(data, order, from, Math.min(order.length, from + batchSize)));
        }
        return out;
    }

    /** One batch made of examples {@code order[from..to)}. */
    public static DataSet batch(ImageDataset data, int[] order, int from, int to) {
        int b = to - from;
        int n = data.pixelsPerImage();
        float[] features = new float[b * n];
        float[] labels = new float[b * ImageDataset.CLASSES];
        for (int i = 0; i < b; i++) {
            int example = order[from + i];
            data.copyImage(example, features, i * n);
            labels[i * ImageDataset.CLASSES + data.label(example)] = 1f;
        }
        INDArray x = Nd4j.create(features, new long[] {b, n}, 'c');
        INDArray y = Nd4j.create(labels, new long[] {b, ImageDataset.CLASSES}, 'c');
        return new DataSet(x, y);
    }
}
