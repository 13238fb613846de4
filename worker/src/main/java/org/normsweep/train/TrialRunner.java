package org.normsweep.train;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.normsweep.data.DatasetCache;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.model.Networks;
import org.normsweep.probe.ActivationProbe;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.trial.TrialSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one trial: builds its network, trains it with SGD over seeded shuffles, evaluates on the
 * test split after every epoch, and probes the fixed probe batch before training and after each
 * epoch. Never throws for a trial's own trouble: a non-finite loss ends it DIVERGED, an exception
 * ends it FAILED, and either way the rows recorded so far are returned.
 */
public final class TrialRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TrialRunner.class);

    private TrialRunner() {
    }

    /** Runs {@code spec} on its dataset, read through this JVM's {@link DatasetCache}. */
    public static TrialResult run(TrialSpec spec, int threads) {
        return run(spec, threads, () -> new Splits(
                DatasetCache.train(spec.dataset().path()).head(spec.dataset().trainLimit()),
                DatasetCache.test(spec.dataset().path()).head(spec.dataset().testLimit())));
    }

    /** Runs {@code spec} on the splits {@code data} supplies (read inside the trial, so a bad file fails the trial). */
    public static TrialResult run(TrialSpec spec, int threads, SplitSource data) {
        long start = System.currentTimeMillis();
        long t0 = System.nanoTime();
        String id = spec.id();
        Recorder rec = new Recorder();
        TrialStatus status = TrialStatus.COMPLETED;
        String error = null;
        try {
            NativeThreads.pin(threads);
            Splits splits = data.get();
            error = train(spec, splits, rec);
            if (error != null) {
                status = TrialStatus.DIVERGED;
            }
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            status = TrialStatus.FAILED;
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("trial {} failed: {}", id, error, e);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        EpochRecord last = rec.epochs.isEmpty() ? null : rec.epochs.get(rec.epochs.size() - 1);
        LOG.info("trial {} {} in {} s ({})", id, status, String.format("%.1f", wall), spec.label());
        return new TrialResult(spec, status, error,
                last == null ? Double.NaN : last.trainLoss(),
                last == null ? Double.NaN : last.testAccuracy(),
                wall, hostName(), start, System.currentTimeMillis(), BuildInfo.provenance(threads),
                rec.epochs, rec.steps, rec.activations);
    }

    /** Trains; returns null when every epoch finished, else the divergence message. */
    private static String train(TrialSpec spec, Splits splits, Recorder rec) {
        String id = spec.id();
        ImageDataset train = splits.train();
        BuiltNetwork built = Networks.build(spec);
        MultiLayerNetwork net = built.network();
        int probeSize = Math.min(spec.probeSize(), train.size());
        DataSet probe = EpochBatches.batch(train, EpochBatches.inOrder(probeSize), 0, probeSize);
        rec.activations.addAll(ActivationProbe.measure(built, probe, 0));

        int step = 0;
        for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
            long e0 = System.nanoTime();
            int[] order = EpochBatches.shuffledOrder(train.size(), spec.seed(), epoch);
            double lossSum = 0;
            int steps = 0;
            for (int from = 0; from < order.length; from += spec.batchSize()) {
                net.fit(EpochBatches.batch(train, order, from, Math.min(order.length, from + spec.batchSize())));
                double loss = net.score();
                rec.steps.add(new StepRecord(epoch, step, loss));
                String broken = !Double.isFinite(loss) ? "training loss became " + loss
                        : hasNonFinite(net.params()) ? "weights became NaN or infinite" : null;
                if (broken != null) {
                    return broken + " at epoch " + epoch + ", step " + step
                            + "; try a lower lr (now " + spec.lr() + ") or gradient clipping";
                }
                lossSum += loss;
                steps++;
                step++;
            }
            Evaluation.Score test = Evaluation.evaluate(net, splits.test());
            double seconds = (System.nanoTime() - e0) / 1e9;
            rec.epochs.add(new EpochRecord(epoch, lossSum / steps, test.loss(), test.accuracy(), seconds));
            rec.activations.addAll(ActivationProbe.measure(built, probe, epoch));
            LOG.info("trial {} epoch {}/{} train loss {} test acc {} ({} s)", id, epoch, spec.epochs(),
                    String.format("%.4f", lossSum / steps), String.format("%.4f", test.accuracy()),
                    String.format("%.1f", seconds));
        }
        return null;
    }

    /**
     * DL4J clips the cross-entropy it reports (log of at least 1e-10), so a blown-up network can show a
     * finite loss; its weights tell.
     */
    private static boolean hasNonFinite(INDArray params) {
        return BooleanIndexing.or(params, Conditions.isNan()) || BooleanIndexing.or(params, Conditions.isInfinite());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** The training and test splits a trial uses. */
    public record Splits(ImageDataset train, ImageDataset test) {
    }

    /** Supplies a trial's splits; reading may throw, which fails that trial only. */
    @FunctionalInterface
    public interface SplitSource {
        Splits get();
    }

    private static final class Recorder {
        final List<EpochRecord> epochs = new ArrayList<>();
        final List<StepRecord> steps = new ArrayList<>();
        final List<ActivationRecord> activations = new ArrayList<>();
    }
}
