package org.normsweep.probe;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.model.Networks;
import org.normsweep.model.vector.VectorPath;
import org.normsweep.testing.Specs;
import org.normsweep.testing.SyntheticIdx;
import org.normsweep.trial.Kernels;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/**
 * Times one activation probe of LeNet with BN on a batch of 128 after warm-up: the DL4J probe (what a
 * {@code kernels: fast} trial ran before, on its network of ND4J fast layers) against the engine's. A measurement,
 * not a check: runs only with {@code -Dnormsweep.probeTiming=true}.
 */
@EnabledIfSystemProperty(named = "normsweep.probeTiming", matches = "true")
class ProbeTimingTest {
    private static final int BATCH = 128;
    private static final int WARM_UP = 40;
    private static final int REPS = 60;

    @TempDir
    Path dir;

    @Test
    void lenetBnProbe() throws IOException {
        SyntheticIdx.write(dir, BATCH, 8, 21);
        ImageDataset train = ImageDataset.read(dir, "train", 0);
        DataSet probe = EpochBatches.batch(train, EpochBatches.inOrder(BATCH), 0, BATCH);
        TrialSpec spec = Specs.builder(ModelKind.LENET, dir)
                .batchSize(BATCH)
                .probeSize(BATCH)
                .kernels(Kernels.FAST)
                .build();
        assumeTrue(VectorPath.runs(spec));
        BuiltNetwork built = Networks.build(spec);
        double[] dl4j = time(() -> ActivationProbe.measure(built, probe, 1));
        double[] engine = time(() -> ActivationProbe.measure(built, spec, probe, 1));
        // The engine's pass alone (load, forward, backward), without the statistics both paths compute alike.
        float[] x = probe.getFeatures().dup('c').data().asFloat();
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = train.label(i);
        }
        double[] pass = time(() -> built.vector().probe(spec).measure(built.network(), x, labels, BATCH, 1));
        System.out.printf(
                "probe LeNet-BN batch %d, ms per probe (median, mean, min): DL4J path %.2f %.2f %.2f;"
                        + " engine %.2f %.2f %.2f (its pass alone %.2f %.2f %.2f)%n",
                BATCH, dl4j[0], dl4j[1], dl4j[2], engine[0], engine[1], engine[2], pass[0], pass[1], pass[2]);
    }

    private static double[] time(Runnable probe) {
        for (int i = 0; i < WARM_UP; i++) {
            probe.run();
        }
        double[] ms = new double[REPS];
        for (int i = 0; i < REPS; i++) {
            long t0 = System.nanoTime();
            probe.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        double mean = Arrays.stream(ms).average().orElseThrow();
        Arrays.sort(ms);
        return new double[] {ms[REPS / 2], mean, ms[0]};
    }
}
