package org.normsweep.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.normsweep.data.DatasetCache;
import org.normsweep.data.ImageDataset;
import org.normsweep.trial.Kernels;
import org.normsweep.trial.TrialSpec;

/**
 * (a) in a JVM of its own, so each JDK is timed in a fresh process: seconds per training epoch of each network at
 * each thread count, with the default kernels and, with {@code baseline}, DL4J's own layers at one thread. Prints one
 * tab-separated {@code EPOCH} line per measurement for {@link BenchSuite} to read.
 *
 * <p>Arguments: data directory, warm-up steps, repeats, steps (0: full epochs), baseline (true|false), thread counts
 * and networks ({@link BenchNetwork} names), both comma-separated.
 */
public final class EpochTable {
    private EpochTable() {}

    /** One measurement as printed and read back. */
    record Row(BenchNetwork network, Kernels kernels, int threads, double msPerStep, int stepsPerEpoch) {
        double secondsPerEpoch() {
            return msPerStep * stepsPerEpoch / 1000;
        }

        String line() {
            return String.format(
                    Locale.ROOT, "EPOCH\t%s\t%s\t%d\t%.4f\t%d", network, kernels, threads, msPerStep, stepsPerEpoch);
        }

        static Row parse(String line) {
            String[] f = line.split("\t");
            return new Row(
                    BenchNetwork.valueOf(f[1]),
                    Kernels.valueOf(f[2]),
                    Integer.parseInt(f[3]),
                    Double.parseDouble(f[4]),
                    Integer.parseInt(f[5]));
        }
    }

    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        int warmup = Integer.parseInt(args[1]);
        int repeats = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        boolean baseline = Boolean.parseBoolean(args[4]);
        List<Integer> threads =
                Arrays.stream(args[5].split(",")).map(Integer::valueOf).toList();
        List<BenchNetwork> networks =
                Arrays.stream(args[6].split(",")).map(BenchNetwork::valueOf).toList();
        ImageDataset train = DatasetCache.train(data.toString());
        for (BenchNetwork n : networks) {
            for (int t : threads) {
                measure(n, data, train, Kernels.FAST, t, warmup, repeats, steps);
            }
            if (baseline) {
                measure(n, data, train, Kernels.DL4J, 1, warmup, 1, steps);
            }
        }
        System.exit(0);
    }

    private static void measure(
            BenchNetwork n,
            Path data,
            ImageDataset train,
            Kernels kernels,
            int threads,
            int warmup,
            int repeats,
            int steps) {
        TrialSpec spec = n.spec(data).kernels(kernels).build();
        int stepsPerEpoch = (train.size() + n.batchSize() - 1) / n.batchSize();
        EpochBench.Result r = EpochBench.measure(
                n.label, spec, train, threads, warmup, repeats, steps > 0 ? steps : Integer.MAX_VALUE);
        Row row = new Row(n, kernels, threads, r.msPerStep(), stepsPerEpoch);
        System.out.println(row.line());
        System.out.flush();
    }
}
