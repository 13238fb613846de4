package org.normsweep.train;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.model.vector.VectorNetwork;
import org.normsweep.model.vector.VectorPath;
import org.normsweep.result.Divergence;
import org.normsweep.result.StepRecord;
import org.normsweep.trial.LrSchedule;
import org.normsweep.trial.TrialSpec;

/**
 * One training epoch of SGD (with the trial's momentum, at the epoch's lr under the trial's schedule) over the
 * epoch's seeded shuffle: a step per minibatch, frozen BN parameters reset after each, the loss of every step
 * recorded, and a check for divergence after each step (NaN or infinite activations, loss, gradients or weights: see
 * {@link Divergence}). Shared by {@link TrialRunner} and the benchmarks, so both
 * time the same work. Where {@link VectorPath} says so, the vector engine trains the epoch (parameters and
 * momentum's velocities copied in from the DL4J network first and back into it at the end); otherwise DL4J's
 * {@code fit}.
 */
public final class SgdEpoch {
    private SgdEpoch() {}

    /** What an epoch did: its mean loss and steps, or the divergence that ended it (else null). */
    public record Outcome(double meanLoss, int steps, Divergence divergence) {}

    /**
     * Trains epoch {@code epoch} (from 1), at most {@code maxSteps} steps; steps are numbered from
     * {@code firstStep} in {@code stepsOut}.
     */
    public static Outcome run(
            BuiltNetwork built,
            TrialSpec spec,
            ImageDataset train,
            int epoch,
            int firstStep,
            int maxSteps,
            List<StepRecord> stepsOut) {
        MultiLayerNetwork net = built.network();
        if (spec.lrSchedule() != LrSchedule.CONSTANT) {
            net.setLearningRate(spec.lrSchedule().lr(spec.lr(), epoch, spec.epochs()));
        }
        int[] order = EpochBatches.shuffledOrder(train.size(), spec.seed(), epoch);
        if (VectorPath.runs(spec)) {
            return runEngine(built, spec, train, order, epoch, firstStep, maxSteps, stepsOut);
        }
        double lossSum = 0;
        int steps = 0;
        java.util.Collection<TrainingListener> listeners = List.copyOf(net.getListeners());
        NonFiniteWatch watch = new NonFiniteWatch(net);
        net.addListeners(watch);
        try {
            for (int from = 0; from < order.length && steps < maxSteps; from += spec.batchSize()) {
                net.fit(EpochBatches.batch(train, order, from, Math.min(order.length, from + spec.batchSize())));
                BnFreezer.apply(built, spec.bnVariant());
                double loss = net.score();
                int step = firstStep + steps;
                stepsOut.add(new StepRecord(epoch, step, loss));
                Divergence broken = watch.divergence(loss, epoch, step);
                if (broken != null) {
                    return new Outcome(Double.NaN, steps + 1, broken);
                }
                lossSum += loss;
                steps++;
            }
        } finally {
            net.setListeners(listeners);
        }
        return new Outcome(lossSum / steps, steps, null);
    }

    /** The same epoch on the vector engine: no ND4J array per step, the divergence check from the SGD update. */
    private static Outcome runEngine(
            BuiltNetwork built,
            TrialSpec spec,
            ImageDataset train,
            int[] order,
            int epoch,
            int firstStep,
            int maxSteps,
            List<StepRecord> stepsOut) {
        MultiLayerNetwork net = built.network();
        VectorNetwork engine = built.vector().engine(spec);
        engine.load(net);
        engine.seedDropout(dropoutSeed(spec.seed(), epoch));
        double lr = spec.lrSchedule().lr(spec.lr(), epoch, spec.epochs());
        double lossSum = 0;
        int steps = 0;
        try {
            for (int from = 0; from < order.length && steps < maxSteps; from += spec.batchSize()) {
                int b = engine.gather(train, order, from, Math.min(order.length, from + spec.batchSize()));
                double loss = engine.step(b, lr);
                int step = firstStep + steps;
                stepsOut.add(new StepRecord(epoch, step, loss));
                if (!Double.isFinite(loss) || !engine.weightsFinite() || !engine.activationsFinite()) {
                    Divergence broken = engine.divergence(b, loss, epoch, step);
                    return new Outcome(
                            Double.NaN,
                            steps + 1,
                            broken != null ? broken : new Divergence(epoch, step, "out", Divergence.Quantity.LOSS));
                }
                lossSum += loss;
                steps++;
            }
        } finally {
            engine.store(net);
        }
        return new Outcome(lossSum / steps, steps, null);
    }

    /** The dropout masks' seed for one epoch: a function of (seed, epoch) only, as the data order is. */
    static long dropoutSeed(long seed, int epoch) {
        return new java.util.SplittableRandom(seed ^ 0xD809L).split().nextLong() + epoch * 0x9E3779B97F4A7C15L;
    }
}
