package org.normsweep.train;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.normsweep.data.DatasetCache;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.model.Networks;
import org.normsweep.model.vector.VectorPath;
import org.normsweep.probe.ActivationProbe;
import org.normsweep.probe.BnParamProbe;
import org.normsweep.probe.ProbeReading;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.BnParamRecord;
import org.normsweep.result.ClassAccuracyRecord;
import org.normsweep.result.Divergence;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.HistogramRecord;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.trial.TrialSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one trial: builds its network, trains it with SGD over seeded shuffles, evaluates on the
 * test split after every epoch (eval and train mode, per class, and on the validation images when
 * held out), and probes the fixed probe batch before training and after each epoch. Never throws
 * for a trial's own trouble: a non-finite activation, loss, gradient or weight ends it DIVERGED, an exception ends it
 * FAILED, and either way the rows recorded so far are returned.
 */
public final class TrialRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TrialRunner.class);

    private TrialRunner() {}

    /** Runs {@code spec} on the CPU with its dataset read through this JVM's {@link DatasetCache}. */
    public static TrialResult run(TrialSpec spec, int threads) {
        return run(spec, threads, Devices.CPU);
    }

    /** Runs {@code spec} on {@code device} ({@code cpu} or {@code gpu:N}) with its dataset from this JVM's cache. */
    public static TrialResult run(TrialSpec spec, int threads, String device) {
        return run(spec, threads, device, cachedSplits(spec));
    }

    /** {@code spec}'s splits from this JVM's {@link DatasetCache}, read when the trial asks for them. */
    public static SplitSource cachedSplits(TrialSpec spec) {
        return () -> Splits.of(
                spec,
                DatasetCache.train(spec.dataset().path()).head(spec.dataset().trainLimit()),
                DatasetCache.test(spec.dataset().path()).head(spec.dataset().testLimit()));
    }

    /** Runs {@code spec} on the splits {@code data} supplies (read inside the trial, so a bad file fails the trial). */
    public static TrialResult run(TrialSpec spec, int threads, String device, SplitSource data) {
        return run(spec, threads, device, data, TrainingProgress.NONE);
    }

    /** As {@link #run(TrialSpec, int, String, SplitSource)}, telling {@code progress} of each epoch as it ends. */
    public static TrialResult run(
            TrialSpec spec, int threads, String device, SplitSource data, TrainingProgress progress) {
        long start = System.currentTimeMillis();
        long t0 = System.nanoTime();
        String id = spec.id();
        Recorder rec = new Recorder();
        TrialStatus status = TrialStatus.COMPLETED;
        String error = null;
        Divergence divergence = null;
        try {
            NativeThreads.pin(threads);
            Devices.bind(device);
            divergence = train(spec, data.get(), rec, progress);
            if (divergence != null) {
                status = TrialStatus.DIVERGED;
                error = divergence.message(spec);
            }
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            status = TrialStatus.FAILED;
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("trial {} failed: {}", id, error, e);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        LOG.info("trial {} {} in {} s ({})", id, status, String.format("%.1f", wall), spec.label());
        return new TrialResult(
                spec,
                status,
                error,
                wall,
                hostName(),
                start,
                System.currentTimeMillis(),
                BuildInfo.provenance(threads, device, id, rec.kernelPath),
                rec.probes(),
                divergence);
    }

    /** Trains; returns null when training ended normally, else where and when it diverged. */
    private static Divergence train(TrialSpec spec, Splits splits, Recorder rec, TrainingProgress progress) {
        String id = spec.id();
        ImageDataset train = splits.train();
        BuiltNetwork built = Networks.build(spec);
        rec.kernelPath = VectorPath.kernelPath(spec);
        int probeSize = Math.min(spec.probeSize(), train.size());
        DataSet probe = EpochBatches.batch(train, EpochBatches.inOrder(probeSize), 0, probeSize);
        rec.probe(built, spec, probe, 0);
        EarlyStopping stopping = new EarlyStopping(spec.patience());

        int step = 0;
        for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
            int firstStep = rec.steps.size();
            long e0 = System.nanoTime();
            SgdEpoch.Outcome trained = SgdEpoch.run(built, spec, train, epoch, step, Integer.MAX_VALUE, rec.steps);
            if (trained.divergence() != null) {
                return trained.divergence();
            }
            step += trained.steps();
            long eval0 = System.nanoTime();
            Evaluation.Score test = Evaluation.evalMode(built, spec, splits.test());
            Evaluation.Score testTrainMode = Evaluation.trainMode(built, spec, splits.test());
            Evaluation.Score val =
                    splits.validation() == null ? null : Evaluation.evalMode(built, spec, splits.validation());
            long eval1 = System.nanoTime();
            rec.probe(built, spec, probe, epoch);
            double probeSeconds = (System.nanoTime() - eval1) / 1e9;
            double seconds = (eval1 - e0) / 1e9;
            EpochRecord record = new EpochRecord(
                    epoch,
                    trained.meanLoss(),
                    test.loss(),
                    test.accuracy(),
                    testTrainMode.accuracy(),
                    val == null ? Double.NaN : val.loss(),
                    val == null ? Double.NaN : val.accuracy(),
                    seconds,
                    (eval1 - eval0) / 1e9,
                    probeSeconds);
            rec.epochs.add(record);
            rec.classAccuracy(epoch, "eval", test);
            rec.classAccuracy(epoch, "train", testTrainMode);
            LOG.info(
                    "trial {} epoch {}/{} train loss {} test acc {} (train mode {}) ({} s: evaluation {} s, probe {} s)",
                    id,
                    epoch,
                    spec.epochs(),
                    String.format("%.4f", record.trainLoss()),
                    String.format("%.4f", record.testAccuracy()),
                    String.format("%.4f", record.testAccuracyTrainMode()),
                    String.format("%.2f", seconds),
                    String.format("%.2f", record.evalSeconds()),
                    String.format("%.2f", probeSeconds));
            tell(progress, spec, record, rec.steps.subList(firstStep, rec.steps.size()));
            if (val != null && stopping.shouldStop(epoch, val.loss())) {
                LOG.info(
                        "trial {} stops early after epoch {}: validation loss last improved at epoch {}",
                        id,
                        epoch,
                        stopping.bestEpoch());
                break;
            }
        }
        rec.reportedEpoch = spec.patience() > 0 ? stopping.bestEpoch() : rec.epochs.size();
        return null;
    }

    /** The view of running trials is a convenience: its failure is logged, never the trial's. */
    private static void tell(TrainingProgress progress, TrialSpec spec, EpochRecord epoch, List<StepRecord> steps) {
        try {
            progress.epochEnded(spec, epoch, java.util.Collections.unmodifiableList(steps));
        } catch (RuntimeException e) {
            LOG.warn("trial {} epoch {}: its progress was not reported: {}", spec.id(), epoch.epoch(), e.toString());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** The training, validation (null when none is held out) and test splits a trial uses. */
    public record Splits(ImageDataset train, ImageDataset validation, ImageDataset test) {
        /** Holds out the last {@code validation_split} of {@code train} for validation. */
        public static Splits of(TrialSpec spec, ImageDataset train, ImageDataset test) {
            int held = (int) Math.round(train.size() * spec.validationSplit());
            if (held == 0) {
                return new Splits(train, null, test);
            }
            if (held >= train.size()) {
                throw new IllegalArgumentException("validation_split " + spec.validationSplit() + " leaves no training"
                        + " images of " + train.size());
            }
            return new Splits(
                    train.slice(0, train.size() - held), train.slice(train.size() - held, train.size()), test);
        }
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
        final List<HistogramRecord> histograms = new ArrayList<>();
        final List<BnParamRecord> bnParams = new ArrayList<>();
        final List<ClassAccuracyRecord> classAccuracy = new ArrayList<>();
        int reportedEpoch = -1;
        /** Which code trained the network (Provenance.kernelPath); "none" until a network is built. */
        String kernelPath = "none";

        void probe(BuiltNetwork built, TrialSpec spec, DataSet probe, int epoch) {
            ProbeReading reading = ActivationProbe.measure(built, spec, probe, epoch);
            activations.addAll(reading.activations());
            histograms.addAll(reading.histograms());
            bnParams.addAll(BnParamProbe.read(built, epoch));
        }

        void classAccuracy(int epoch, String mode, Evaluation.Score score) {
            for (int c = 0; c < score.count().length; c++) {
                classAccuracy.add(new ClassAccuracyRecord(epoch, mode, c, score.accuracy(c), score.count()[c]));
            }
        }

        TrialResult.Probes probes() {
            return new TrialResult.Probes(epochs, steps, activations, histograms, bnParams, classAccuracy);
        }
    }
}
