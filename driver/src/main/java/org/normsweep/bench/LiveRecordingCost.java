package org.normsweep.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.normsweep.result.StepRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.spark.RunningTrial;
import org.normsweep.spark.SparkSessions;
import org.normsweep.spark.SweepExecution;
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrainingGroup;
import org.normsweep.trial.TrialSpec;

/**
 * What following running trials (the live view's recording) costs a training step, both numbers from one JVM: the
 * same BN-LeNet trial runs as a Spark task ({@code local[1]}, the heartbeat every second, as {@code run} sets it in
 * local mode), in back-to-back pairs with the recording on (each epoch's end recorded in the task's accumulator, sent
 * with each heartbeat, read by the driver's listener) and off, the order alternating; it prints the median wall ms
 * per step of each (the trial's own wall time over its steps), the median over the pairs of on / off - 1, and the
 * CPU time of the whole JVM per step the same way. Then, timed alone, what the task does at an epoch end (bucket
 * the epoch's step losses into a new record) and what a cluster's executor adds to each heartbeat (serialize a whole
 * trial's record). Run as {@code java --add-modules=jdk.incubator.vector -cp "driver/target/classes:worker/target/
 * classes:$(cat driver/target/classpath.txt)" org.normsweep.bench.LiveRecordingCost [DATA_DIR [PAIRS [EPOCHS
 * [IMAGES]]]]}.
 */
public final class LiveRecordingCost {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private LiveRecordingCost() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int images = args.length > 3 ? Integer.parseInt(args[3]) : 2048;
        TrialSpec spec = TrialSpec.builder(
                        ModelKind.LENET, new DatasetSpec("fashion-mnist", data.toString(), images, 256))
                .seed(1)
                .batchSize(128)
                .lr(0.1)
                .epochs(epochs)
                .probeSize(16)
                .build();
        SparkSession spark = SparkSessions.create("local[1]", "normsweep live recording cost");
        try {
            AtomicInteger heard = new AtomicInteger();
            run(spark, spec, false, heard); // warm-up both ways
            run(spark, spec, true, heard);
            double[][] on = new double[2][pairs];
            double[][] off = new double[2][pairs];
            double[][] ratio = new double[2][pairs];
            for (int p = 0; p < pairs; p++) {
                boolean onFirst = p % 2 == 0;
                double[] first = run(spark, spec, onFirst, heard);
                double[] second = run(spark, spec, !onFirst, heard);
                for (int k = 0; k < 2; k++) {
                    on[k][p] = onFirst ? first[k] : second[k];
                    off[k][p] = onFirst ? second[k] : first[k];
                    ratio[k][p] = 100 * (on[k][p] / off[k][p] - 1);
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "Live recording cost per step, %s, %d epochs of %d steps, local[1], Java %s: %d pairs, medians;"
                            + " %d running-trial updates heard%n",
                    spec.label(),
                    epochs,
                    steps(spec),
                    System.getProperty("java.version"),
                    pairs,
                    heard.get());
            System.out.println("| measure | with the recording | without | cost (median of pairs) |");
            System.out.println("|---|---:|---:|---:|");
            String[] names = {"trial wall ms/step", "JVM CPU ms/step"};
            for (int k = 0; k < 2; k++) {
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %.3f | %.3f | %+.2f%% |%n",
                        names[k],
                        median(on[k]),
                        median(off[k]),
                        median(ratio[k]));
            }
            System.out.printf(
                    Locale.ROOT,
                    "Recording one epoch end of %d steps (bucket means, a new record): %.1f us%n",
                    steps(spec),
                    recordMicros(epochs, steps(spec)));
            System.out.printf(
                    Locale.ROOT,
                    "Serializing a whole trial's record (%d step points, %d epochs), as a cluster's heartbeat does:"
                            + " %.1f us, %d bytes%n",
                    RunningTrial.STEP_POINTS,
                    epochs,
                    serializeMicros(epochs),
                    serialized(full(epochs)).length);
        } finally {
            spark.stop();
        }
        System.exit(0);
    }

    /** Wall ms per step of the trial, and CPU ms of this JVM per step over the Spark job. */
    private static double[] run(SparkSession spark, TrialSpec spec, boolean follow, AtomicInteger heard) {
        List<TrialResult> out = new ArrayList<>();
        SweepExecution.Listener listener = new SweepExecution.Listener() {
            @Override
            public void trialProgress(RunningTrial trial) {
                heard.incrementAndGet();
            }
        };
        long cpu0 = OS.getProcessCpuTime();
        new SweepExecution(spark, out::addAll, listener, follow).run(TrainingGroup.plan(List.of(spec), false));
        long cpu = OS.getProcessCpuTime() - cpu0;
        TrialResult r = out.get(0);
        int steps = r.probes().steps().size();
        if (steps == 0) {
            throw new IllegalStateException("the trial trained no step: " + r.status() + " " + r.error());
        }
        return new double[] {r.wallSeconds() * 1000 / steps, cpu / 1e6 / steps};
    }

    private static int steps(TrialSpec spec) {
        return (spec.dataset().trainLimit() + spec.batchSize() - 1) / spec.batchSize();
    }

    /** The biggest record a trial sends: every step point and epoch. */
    private static RunningTrial full(int epochs) {
        List<RunningTrial.EpochPoint> e = new ArrayList<>();
        for (int i = 1; i <= epochs; i++) {
            e.add(new RunningTrial.EpochPoint(i, 0.5, 1.5));
        }
        List<StepRecord> s = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            s.add(new StepRecord(1, i, 2.0 / (1 + i)));
        }
        return new RunningTrial("t", epochs, e, RunningTrial.bucketMeans(s, RunningTrial.STEP_POINTS));
    }

    /** Microseconds to record one epoch end: what the trial's thread does for the live view, once an epoch. */
    private static double recordMicros(int epochs, int stepsPerEpoch) {
        List<StepRecord> steps = new ArrayList<>();
        for (int i = 0; i < stepsPerEpoch; i++) {
            steps.add(new StepRecord(1, i, 2.0 / (1 + i)));
        }
        org.normsweep.result.EpochRecord epoch =
                new org.normsweep.result.EpochRecord(1, 1, 1, 0.5, 0.5, Double.NaN, Double.NaN, 1, 0, 0);
        int n = 20_000;
        long t0 = 0;
        RunningTrial sink = null;
        for (int rep = 0; rep < 2; rep++) { // the first pass warms up
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                RunningTrial t = RunningTrial.starting("t", epochs);
                for (int e = 0; e < epochs; e++) {
                    t = t.withEpoch(epoch, steps);
                }
                sink = t;
            }
        }
        if (sink.epochs().size() != epochs) {
            throw new IllegalStateException("not every epoch was recorded");
        }
        return (System.nanoTime() - t0) / 1e3 / n / epochs;
    }

    private static double serializeMicros(int epochs) throws IOException {
        RunningTrial t = full(epochs);
        for (int i = 0; i < 2000; i++) {
            serialized(t);
        }
        int n = 5000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            serialized(t);
        }
        return (System.nanoTime() - t0) / 1e3 / n;
    }

    private static byte[] serialized(Object o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
