package org.normsweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.normsweep.testing.Specs;
import org.normsweep.trial.TrialSpec;

/** Executors run several trials in one JVM at once: initial weights must still depend only on the seed. */
class ConcurrentInitTest {
    @Test
    void concurrentBuildsGiveTheSameWeightsAsASequentialOne() throws Exception {
        TrialSpec spec = Specs.lenet(Path.of("/unused"), 0.1, List.of(), 7, 1);
        INDArray expected = Networks.build(spec).network().params().dup();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<INDArray>> builds = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                long seed = i % 2 == 0 ? 7 : 8;
                builds.add(pool.submit(() -> Networks.build(Specs.lenet(Path.of("/unused"), 0.1, List.of(), seed, 1))
                        .network()
                        .params()
                        .dup()));
            }
            for (int i = 0; i < builds.size(); i += 2) {
                assertEquals(expected, builds.get(i).get(), "build " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
