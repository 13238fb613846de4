package org.normsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.normsweep.testing.SyntheticIdx;

class EpochBatchesTest {
    @Test
    void shuffleIsASeededPermutationThatChangesPerEpoch() {
        int[] a = EpochBatches.shuffledOrder(1000, 42, 1);
        assertArrayEquals(a, EpochBatches.shuffledOrder(1000, 42, 1));
        assertFalse(Arrays.equals(a, EpochBatches.shuffledOrder(1000, 42, 2)));
        assertFalse(Arrays.equals(a, EpochBatches.shuffledOrder(1000, 43, 1)));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(EpochBatches.inOrder(1000), sorted);
    }

    @Test
    void batchesKeepTheLastPartialBatchAndOneHotLabels(@TempDir Path dir) throws IOException {
        SyntheticIdx.write(dir, 300, 10, 1);
        ImageDataset data = ImageDataset.read(dir, "train", 0);
        List<DataSet> batches = EpochBatches.batches(data, EpochBatches.inOrder(300), 128);
        assertEquals(3, batches.size());
        assertEquals(44, batches.get(2).numExamples());
        DataSet first = batches.get(0);
        assertArrayEquals(new long[] {128, 784}, first.getFeatures().shape());
        assertArrayEquals(new long[] {128, 10}, first.getLabels().shape());
        assertEquals(data.label(0), first.getLabels().getRow(0).argMax().getInt(0));
        assertEquals(128.0, first.getLabels().sumNumber().doubleValue());
    }
}
