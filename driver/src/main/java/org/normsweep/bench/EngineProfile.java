package org.normsweep.bench;

import java.util.Map;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.model.Networks;
import org.normsweep.model.vector.VectorNetwork;
import org.normsweep.model.vector.VectorPath;
import org.normsweep.trial.TrialSpec;

/**
 * (f) for the vector engine: milliseconds per training step in each of its stages' forward and backward passes
 * (the engine fuses BN with its activation and the activation with pooling, so its stages are not DL4J's layers),
 * measured inside real SGD steps over a shuffled epoch after a warm-up, plus the whole step. Null where this JVM
 * cannot run the engine.
 */
final class EngineProfile {
    private EngineProfile() {}

    record Profile(Map<String, double[]> stages, double stepMs) {}

    static Profile measure(TrialSpec spec, ImageDataset train, int warmup, int steps) {
        if (!VectorPath.runs(spec)) {
            return null;
        }
        BuiltNetwork built = Networks.build(spec);
        VectorNetwork engine = built.vector().engine(spec);
        engine.load(built.network());
        int[] order = EpochBatches.shuffledOrder(train.size(), spec.seed(), 1);
        int batches = order.length / spec.batchSize();
        for (int s = 0; s < warmup; s++) {
            step(engine, spec, train, order, s % batches);
        }
        engine.stepTimes(); // resets the clocks
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            step(engine, spec, train, order, (warmup + s) % batches);
        }
        double stepMs = (System.nanoTime() - t0) / 1e6 / steps;
        return new Profile(engine.stepTimes(), stepMs);
    }

    private static void step(VectorNetwork engine, TrialSpec spec, ImageDataset train, int[] order, int k) {
        int from = k * spec.batchSize();
        engine.step(engine.gather(train, order, from, from + spec.batchSize()), spec.lr());
    }
}
