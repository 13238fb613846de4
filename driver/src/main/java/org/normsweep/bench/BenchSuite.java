package org.normsweep.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.normsweep.data.DatasetCache;
import org.normsweep.data.ImageDataset;
import org.normsweep.trial.Kernels;
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/**
 * Normsweep's benchmarks, written as one Markdown report:
 * (a) seconds per training epoch of LeNet and BN-LeNet per thread count, with DL4J's own layers as the before
 * number; (f) where a step's time goes, layer by layer; (b) the PyTorch reference on the same machine, and the
 * ratio; (c) the Spark path ({@code run}) against a plain loop over the same trials; (d) 1 against 2 task slots;
 * (e) peak memory of an executor JVM per number of concurrent trials. Every number comes from this run.
 */
public final class BenchSuite {
    /** What to run. */
    public record Options(Path data, Path pytorchScript, List<Integer> threads, int steps, int repeats, int warmup,
                          boolean baseline, boolean pytorch, boolean spark, int trials, int trialImages,
                          Path workDir) {
    }

    private final Options o;
    private final PrintStream progress;
    private final StringBuilder md = new StringBuilder();

    public BenchSuite(Options options, PrintStream progress) {
        this.o = options;
        this.progress = progress;
    }

    public String run() throws IOException, InterruptedException {
        ImageDataset train = DatasetCache.train(o.data().toString());
        int stepsPerEpoch = (train.size() + 127) / 128;
        header(train);

        section("(a) Seconds per training epoch (DL4J)");
        line("Batch 128, lr 0.1, sigmoid; " + train.size() + " training images = " + stepsPerEpoch + " steps; "
                + o.warmup() + " warm-up steps, then " + (o.steps() > 0 ? o.steps() + " timed steps scaled to the"
                + " epoch" : "the full epoch") + ", median of " + o.repeats() + " (the dl4j before number: 1). The loop"
                + " is the trials' own"
                + " (SgdEpoch): batches, SGD step, loss record, divergence check; no evaluation or probes.\n");
        line("| network | kernels | threads | s / epoch | ms / step |");
        line("|---|---|---:|---:|---:|");
        List<double[]> fast = new ArrayList<>();   // [bn, threads, seconds]
        for (boolean bn : new boolean[] {false, true}) {
            for (int threads : o.threads()) {
                fast.add(new double[] {bn ? 1 : 0, threads, epoch(train, bn, Kernels.FAST, threads, stepsPerEpoch,
                        o.repeats())});
            }
            if (o.baseline()) {
                epoch(train, bn, Kernels.DL4J, 1, stepsPerEpoch, 1);
            }
        }

        profileSection(train);

        if (o.pytorch()) {
            section("(b) DL4J / PyTorch, same machine, same run");
            String python = PyTorchReference.python();
            if (python == null) {
                line("Skipped: no Python here can import torch (Debian: `apt-get install python3-torch`; or set"
                        + " NORMSWEEP_PYTHON).");
            } else {
                line("Reference: `bench/pytorch_lenet.py` (PyTorch " + PyTorchReference.version(python) + " via " + python
                        + ", same model, data, batch and lr;"
                        + " its own warm-up of " + o.warmup() + " steps; median of " + o.repeats() + " epochs).\n");
                line("| network | threads | PyTorch s / epoch | DL4J s / epoch | DL4J / PyTorch |");
                line("|---|---:|---:|---:|---:|");
                for (double[] f : fast) {
                    boolean bn = f[0] == 1;
                    int threads = (int) f[1];
                    double torch = PyTorchReference.epochSeconds(python, o.pytorchScript(), o.data(), bn, threads, o.warmup(),
                            o.repeats(),
                            o.workDir().resolve("pytorch-" + (bn ? "bn" : "plain") + "-" + threads + ".log"));
                    progress.printf("bench: pytorch %s %d thread(s): %.1f s/epoch%n", name(bn), threads, torch);
                    line(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f |", name(bn), threads, torch, f[2],
                            f[2] / torch));
                }
            }
        }

        if (o.spark()) {
            sparkSections();
        }
        return md.toString();
    }

    private double epoch(ImageDataset train, boolean bn, Kernels conv, int threads, int stepsPerEpoch, int repeats) {
        TrialSpec spec = TrialSpec.builder(ModelKind.LENET, new DatasetSpec("fashion-mnist", o.data().toString(), 0, 0))
                .lr(0.1).seed(1).kernels(conv).bnExcluded(bn ? List.of() : List.of(1, 2, 3, 4)).build();
        int maxSteps = o.steps() > 0 ? o.steps() : Integer.MAX_VALUE;
        EpochBench.Result r = EpochBench.measure(name(bn), spec, train, threads, o.warmup(), repeats, maxSteps);
        double perEpoch = r.msPerStep() * stepsPerEpoch / 1000;
        progress.printf("bench: %s, %s kernels, %d thread(s): %.1f s/epoch (%.1f ms/step)%n", name(bn),
                r.kernels(), threads, perEpoch, r.msPerStep());
        line(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f |", name(bn),
                conv == Kernels.FAST ? "fast (default)" : "dl4j (DL4J's layers: the before number)", threads, perEpoch, r.msPerStep()));
        return perEpoch;
    }

    private void profileSection(ImageDataset train) {
        section("(f) Where a BN-LeNet step's time goes (1 thread)");
        line("Each layer's forward and backward pass timed on its own on one batch of 128 (mean of 30 after 10 warm-up;"
                + " no workspaces, so the sum is a little above a `fit` step), with both kernels.\n");
        LayerProfile.Profile[] p = new LayerProfile.Profile[2];
        Kernels[] kernels = {Kernels.FAST, Kernels.DL4J};
        for (int k = 0; k < 2; k++) {
            TrialSpec spec = TrialSpec.builder(ModelKind.LENET,
                    new DatasetSpec("fashion-mnist", o.data().toString(), 0, 0)).lr(0.1).seed(1).kernels(kernels[k])
                    .build();
            p[k] = LayerProfile.measure(spec, train, 10, 30);
            progress.printf("bench: profile with %s kernels: fit %.1f ms/step%n", kernels[k].name().toLowerCase(),
                    p[k].fitMs());
        }
        line("| layer | fast: forward ms | fast: backward ms | dl4j: forward ms | dl4j: backward ms |");
        line("|---|---:|---:|---:|---:|");
        for (int i = 0; i < p[0].rows().size(); i++) {
            LayerProfile.Row f = p[0].rows().get(i);
            LayerProfile.Row d = p[1].rows().get(i);
            line(String.format(Locale.ROOT, "| %s / %s | %.2f | %.2f | %.2f | %.2f |", f.layer(),
                    d.layer().replaceAll(".*\\(", "").replace(")", ""), f.forwardMs(), f.backwardMs(), d.forwardMs(),
                    d.backwardMs()));
        }
        line(String.format(Locale.ROOT, "| whole `fit` step | %.1f | | %.1f | |", p[0].fitMs(), p[1].fitMs()));
    }

    private void sparkSections() throws IOException, InterruptedException {
        Path sweep = o.workDir().resolve("bench-sweep.yaml");
        Files.writeString(sweep, String.join("\n",
                "# Written by `normsweep bench`: short BN-LeNet trials for the Spark overhead and scaling benchmarks.",
                "name: bench-spark",
                "fixed:",
                "  model: lenet",
                "  dataset_path: " + o.data(),
                "  train_limit: " + o.trialImages(),
                "  test_limit: 1000",
                "  epochs: 1",
                "grid:",
                "  seed: " + java.util.stream.IntStream.rangeClosed(1, o.trials()).boxed().toList(),
                ""));
        String what = o.trials() + " BN-LeNet trials of 1 epoch on " + o.trialImages() + " images (test 1000)";
        ChildJvm.Measured plain = child("plain loop", "plain", PlainLoop.class.getName(), sweep.toString());
        ChildJvm.Measured one = child("run, local[1]", "local1", "org.normsweep.cli.Main", "run", sweep.toString(),
                "--results", o.workDir().resolve("results-local1").toString(), "--master", "local[1]");
        ChildJvm.Measured two = child("run, local[2]", "local2", "org.normsweep.cli.Main", "run", sweep.toString(),
                "--results", o.workDir().resolve("results-local2").toString(), "--master", "local[2]");

        section("(c) Spark path against a plain loop");
        line(what + ", one thread per trial, each path in a fresh JVM. Whole process: JVM start-up, data loading"
                + " and, for `run`, the Spark session and Parquet writes included; trials: from the first trial's"
                + " start to the last result (written to Parquet, for `run`).\n");
        line("| path | whole process s | ratio | trials s | ratio |");
        line("|---|---:|---:|---:|---:|");
        line(String.format(Locale.ROOT, "| plain loop (PlainLoop: no Spark, nothing written) | %.1f | 1.00 | %.1f | 1.00 |",
                plain.seconds(), plain.trialSeconds()));
        line(String.format(Locale.ROOT, "| `normsweep run --master local[1]` | %.1f | %.2f | %.1f | %.2f |",
                one.seconds(), one.seconds() / plain.seconds(), one.trialSeconds(),
                one.trialSeconds() / plain.trialSeconds()));

        section("(d) Scaling: 1 and 2 task slots");
        line(what + ".\n");
        line("| task slots | whole process s | trials s | speed-up (trials) | efficiency |");
        line("|---:|---:|---:|---:|---:|");
        line(String.format(Locale.ROOT, "| 1 | %.1f | %.1f | 1.00 | 1.00 |", one.seconds(), one.trialSeconds()));
        double speedup = one.trialSeconds() / two.trialSeconds();
        line(String.format(Locale.ROOT, "| 2 | %.1f | %.1f | %.2f | %.2f |", two.seconds(), two.trialSeconds(), speedup,
                speedup / 2));

        section("(e) Peak memory of an executor JVM");
        line("Peak resident set (VmHWM) of the local-mode JVM (driver and executor in one) running the sweep above,"
                + " JVM options `" + String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean()
                .getInputArguments()).replace("|", "\\|") + "`.\n");
        line("| concurrent trials | peak RSS GiB |");
        line("|---:|---:|");
        line(String.format(Locale.ROOT, "| 0 (plain loop, no Spark) | %.2f |", plain.peakRssGiB()));
        line(String.format(Locale.ROOT, "| 1 | %.2f |", one.peakRssGiB()));
        line(String.format(Locale.ROOT, "| 2 | %.2f |", two.peakRssGiB()));
    }

    private ChildJvm.Measured child(String what, String tag, String main, String... args)
            throws IOException, InterruptedException {
        progress.printf("bench: %s ...%n", what);
        ChildJvm.Measured m = ChildJvm.run(o.workDir().resolve(tag + ".log"), main, args);
        if (m.exitCode() != 0) {
            throw new IOException(what + " exited " + m.exitCode() + "; see " + m.log());
        }
        progress.printf("bench: %s: %.1f s, peak RSS %.2f GiB%n", what, m.seconds(), m.peakRssGiB());
        return m;
    }

    private void header(ImageDataset train) {
        line("# Benchmarks\n");
        line("Written by `bin/normsweep bench` on " + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + ". Machine: " + Machine.describe()
                + ". Data: " + o.data() + " (" + train.size() + " training images).\n");
    }

    private static String name(boolean bn) {
        return bn ? "BN-LeNet" : "LeNet";
    }

    private void section(String title) {
        md.append("\n## ").append(title).append("\n\n");
    }

    private void line(String s) {
        md.append(s).append('\n');
    }
}
