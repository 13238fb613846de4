package org.normsweep.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.normsweep.data.DatasetCache;
import org.normsweep.data.EpochBatches;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.BuiltNetwork;
import org.normsweep.model.Networks;
import org.normsweep.model.vector.VectorNetwork;
import org.normsweep.model.vector.VectorPath;
import org.normsweep.train.NativeThreads;
import org.normsweep.trial.TrialSpec;

/**
 * What the divergence check costs a training step on the vector engine, both numbers from one run: the same engine
 * trains on, in alternating blocks of steps, with its activation checks on (as trials run: every step's loss and
 * weight checks and the activation functions' input checks) and off (the loss and weight checks only, which are
 * folded into the loss and the SGD update and were there before), and the median CPU milliseconds per step of each
 * are compared. Run as {@code java -cp "$(cat driver/target/classpath.txt):driver/target/classes"
 * --add-modules=jdk.incubator.vector org.normsweep.bench.DivergenceCheckCost [DATA_DIR [ROUNDS [STEPS]]]}.
 */
public final class DivergenceCheckCost {
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private DivergenceCheckCost() {}

    /**
     * Median ms per step with the checks on and off, and the median over the pairs of blocks of on / off - 1 in
     * percent (pairs taken back to back, so load from elsewhere on the machine mostly cancels).
     */
    record Cost(double onMs, double offMs, double percent) {}

    /**
     * {@code rounds} pairs of {@code steps}-step blocks after {@code steps} warm-up steps each way, the order in each
     * pair alternating; null where this JVM cannot run the engine.
     */
    static Cost measure(TrialSpec spec, ImageDataset train, int rounds, int steps) {
        if (!VectorPath.runs(spec)) {
            return null;
        }
        NativeThreads.pin(1);
        BuiltNetwork built = Networks.build(spec);
        VectorNetwork engine = built.vector().engine(spec);
        engine.load(built.network());
        int[] order = EpochBatches.shuffledOrder(train.size(), spec.seed(), 1);
        int[] next = {0};
        block(engine, spec, train, order, next, true, steps);
        block(engine, spec, train, order, next, false, steps);
        double[] on = new double[rounds];
        double[] off = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            boolean onFirst = r % 2 == 0;
            double first = block(engine, spec, train, order, next, onFirst, steps);
            double second = block(engine, spec, train, order, next, !onFirst, steps);
            on[r] = onFirst ? first : second;
            off[r] = onFirst ? second : first;
            ratio[r] = 100 * (on[r] / off[r] - 1);
        }
        engine.checkActivations(true);
        return new Cost(median(on), median(off), median(ratio));
    }

    /** CPU ms per step over {@code steps} steps of the trials' loop (step, then its divergence test), checks on/off. */
    private static double block(
            VectorNetwork engine,
            TrialSpec spec,
            ImageDataset train,
            int[] order,
            int[] next,
            boolean checks,
            int steps) {
        engine.checkActivations(checks);
        int batches = order.length / spec.batchSize();
        int diverged = 0;
        // CPU time of this thread (the engine's step runs on it alone): on a machine shared with other work, wall
        // time mostly measures waiting for a core.
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int s = 0; s < steps; s++) {
            int from = (next[0]++ % batches) * spec.batchSize();
            double loss = engine.step(engine.gather(train, order, from, from + spec.batchSize()), spec.lr());
            if (!Double.isFinite(loss) || !engine.weightsFinite() || !engine.activationsFinite()) {
                diverged++;
            }
        }
        double ms = (CPU.getCurrentThreadCpuTime() - t0) / 1e6 / steps;
        if (diverged > 0) {
            throw new IllegalStateException(spec.label() + " diverged while timing the check");
        }
        return ms;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The markdown table rows for the four benchmark networks. */
    static String table(Path data, int rounds, int steps) {
        ImageDataset train = DatasetCache.train(data.toString());
        StringBuilder out =
                new StringBuilder("| network | with the checks, CPU ms/step | without | cost (median of pairs) |\n"
                        + "|---|---:|---:|---:|\n");
        for (BenchNetwork n : BenchNetwork.values()) {
            Cost c = measure(n.spec(data).build(), train, rounds, steps);
            if (c == null) {
                return "The vector engine cannot run in this JVM (no Vector API module or no 512-bit vectors).\n";
            }
            out.append(String.format(
                    Locale.ROOT, "| %s | %.3f | %.3f | %+.2f%% |%n", n.label, c.onMs(), c.offMs(), c.percent()));
        }
        return out.toString();
    }

    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 101;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        System.out.printf(
                "Divergence check cost per step, vector engine, 1 thread, Java %s: %d pairs of back-to-back blocks of"
                        + " %d steps, medians%n",
                System.getProperty("java.version"), rounds, steps);
        System.out.print(table(data, rounds, steps));
    }
}
