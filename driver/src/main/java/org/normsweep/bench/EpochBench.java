package org.normsweep.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.model.Networks;
import org.normsweep.result.StepRecord;
import org.normsweep.train.NativeThreads;
import org.normsweep.train.SgdEpoch;
import org.normsweep.trial.TrialSpec;

/**
 * (a) Seconds per training epoch of one network: warm-up steps first, then {@code repeats} timed epochs of
 * exactly the training loop trials run ({@link SgdEpoch}: batches, SGD steps, loss records, divergence
 * checks), the median reported. Evaluation and probes are not part of a training epoch.
 */
final class EpochBench {
    private EpochBench() {}

    record Result(String network, String kernels, int threads, int steps, double[] seconds) {
        double median() {
            double[] s = seconds.clone();
            Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }

        double msPerStep() {
            return 1000 * median() / steps;
        }
    }

    static Result measure(
            String network,
            TrialSpec spec,
            ImageDataset train,
            int threads,
            int warmupSteps,
            int repeats,
            int maxSteps) {
        NativeThreads.pin(threads);
        BuiltNetwork built = Networks.build(spec);
        List<StepRecord> sink = new ArrayList<>();
        SgdEpoch.run(built, spec, train, 1, 0, warmupSteps, sink);
        double[] seconds = new double[repeats];
        int steps = 0;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            SgdEpoch.Outcome out = SgdEpoch.run(built, spec, train, 2 + r, 0, maxSteps, sink);
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            steps = out.steps();
            sink.clear();
        }
        return new Result(network, spec.kernels().name().toLowerCase(), threads, steps, seconds);
    }
}
