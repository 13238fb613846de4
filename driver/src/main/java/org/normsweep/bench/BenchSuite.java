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
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.Kernels;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/**
 * Normsweep's benchmarks, written as one Markdown report:
 * (a) seconds per training epoch of LeNet, BN-LeNet, MLP and BN-MLP per thread count on every JDK found, with the
 * kernels that need no Vector API and DL4J's own layers as before numbers; (f) where a step's time goes, layer by
 * layer; (b) the PyTorch reference on the same machine, and the ratio; (c) the Spark path ({@code run}) against a
 * plain loop over the same trials; (d) 1 against 2 task slots; (e) peak memory of an executor JVM per number of
 * concurrent trials; (g) optionally, the wall time of a whole sweep; (h) where an in-sweep epoch's time goes. Every
 * number comes from this run.
 */
public final class BenchSuite {
    /** What to run. */
    public record Options(
            Path data,
            Path pytorchScript,
            List<Integer> threads,
            int steps,
            int repeats,
            int warmup,
            boolean baseline,
            boolean pytorch,
            boolean spark,
            int trials,
            int trialImages,
            int trialEpochs,
            int testImages,
            Path grid,
            Path workDir) {}

    private final Options o;
    private final PrintStream progress;
    private final StringBuilder md = new StringBuilder();

    public BenchSuite(Options options, PrintStream progress) {
        this.o = options;
        this.progress = progress;
    }

    public String run() throws IOException, InterruptedException {
        ImageDataset train = DatasetCache.train(o.data().toString());
        header(train);
        List<Jdks.Jdk> jdks = Jdks.find();
        List<Column> columns = epochSection(train, jdks);
        profileSection(train);
        section("(i) What the divergence check costs a step");
        line(
                "The vector engine's steps with its activation checks on (as trials run) and off, in back-to-back blocks of"
                        + " 10 steps, 101 pairs, 1 thread, CPU time (DivergenceCheckCost); the loss and weight checks are part"
                        + " of both (folded into the loss and the SGD update).\n");
        md.append(DivergenceCheckCost.table(o.data(), 101, 10));
        if (o.pytorch()) {
            pytorchSection(columns);
        }
        if (o.spark()) {
            sparkSections();
        }
        if (o.grid() != null) {
            gridSection();
        }
        return md.toString();
    }

    /** One column of (a): the default kernels on one JDK, with or without the Vector API module, or DL4J's layers. */
    private record Column(String label, Jdks.Jdk jdk, boolean vector, List<EpochTable.Row> rows) {
        Double seconds(BenchNetwork n, org.normsweep.trial.Kernels kernels, int threads) {
            return rows.stream()
                    .filter(r -> r.network() == n && r.kernels() == kernels && r.threads() == threads)
                    .map(EpochTable.Row::secondsPerEpoch)
                    .findFirst()
                    .orElse(null);
        }
    }

    private List<Column> epochSection(ImageDataset train, List<Jdks.Jdk> jdks)
            throws IOException, InterruptedException {
        section("(a) Seconds per training epoch");
        line("Each network as its seed trains it (LeNet, BN-LeNet: sigmoid, batch 128, lr 0.1; MLP, BN-MLP: seed 004's"
                + " 784-512-256-10, ReLU, batch 64, lr 0.01); " + train.size() + " training images; " + o.warmup()
                + " warm-up steps, then "
                + (o.steps() > 0 ? o.steps() + " timed steps scaled to the epoch" : "the full epoch") + ", median of "
                + o.repeats() + ". The loop is the trials' own (SgdEpoch):"
                + " batches, SGD step, loss record, divergence check; no evaluation or probes. Each column is a fresh"
                + " JVM: the default kernels (`kernels: fast`) on each JDK found, with the Vector API module (the"
                + " fast path; `bin/normsweep` passes it) and, on the oldest JDK, without it (the kernels that need no"
                + " module: the before number of issue 10); last, DL4J's own layers (`kernels: dl4j`) at 1 thread.\n");
        List<Column> columns = new ArrayList<>();
        Jdks.Jdk oldest = jdks.get(0);
        Jdks.Jdk newest = jdks.get(jdks.size() - 1);
        columns.add(epochColumn("no Vector API, " + oldest.label(), oldest, false, false));
        for (Jdks.Jdk jdk : jdks) {
            columns.add(epochColumn("fast, " + jdk.label(), jdk, true, o.baseline() && jdk == newest));
        }
        StringBuilder head = new StringBuilder("| network | threads |");
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (Column c : columns) {
            head.append(' ').append(c.label()).append(" s |");
            rule.append("---:|");
        }
        if (o.baseline()) {
            head.append(" DL4J's layers, ").append(newest.label()).append(" s |");
            rule.append("---:|");
        }
        line(head.toString());
        line(rule.toString());
        for (BenchNetwork n : BenchNetwork.values()) {
            for (int threads : o.threads()) {
                StringBuilder row = new StringBuilder("| " + n.label + " | " + threads + " |");
                for (Column c : columns) {
                    row.append(' ')
                            .append(cell(c.seconds(n, org.normsweep.trial.Kernels.FAST, threads)))
                            .append(" |");
                }
                if (o.baseline()) {
                    row.append(' ')
                            .append(cell(columns.get(columns.size() - 1)
                                    .seconds(n, org.normsweep.trial.Kernels.DL4J, threads)))
                            .append(" |");
                }
                line(row.toString());
            }
        }
        return columns;
    }

    private Column epochColumn(String label, Jdks.Jdk jdk, boolean vector, boolean baseline)
            throws IOException, InterruptedException {
        String threads =
                String.join(",", o.threads().stream().map(String::valueOf).toList());
        String networks = String.join(
                ",",
                java.util.Arrays.stream(BenchNetwork.values()).map(Enum::name).toList());
        ChildJvm.Measured m = child(
                "(a) " + label,
                "epochs-" + jdk.major() + (vector ? "" : "-novector"),
                jdk,
                vector,
                EpochTable.class.getName(),
                o.data().toString(),
                String.valueOf(o.warmup()),
                String.valueOf(o.repeats()),
                String.valueOf(o.steps()),
                String.valueOf(baseline),
                threads,
                networks);
        List<EpochTable.Row> rows = Files.readAllLines(m.log()).stream()
                .filter(l -> l.startsWith("EPOCH\t"))
                .map(EpochTable.Row::parse)
                .toList();
        for (EpochTable.Row r : rows) {
            progress.printf(
                    "bench: %s, %s, %s kernels, %d thread(s): %.1f s/epoch (%.1f ms/step)%n",
                    label,
                    r.network().label,
                    r.kernels().name().toLowerCase(Locale.ROOT),
                    r.threads(),
                    r.secondsPerEpoch(),
                    r.msPerStep());
        }
        return new Column(label, jdk, vector, rows);
    }

    private static String cell(Double seconds) {
        return seconds == null ? "" : String.format(Locale.ROOT, "%.2f", seconds);
    }

    private void pytorchSection(List<Column> columns) throws IOException, InterruptedException {
        section("(b) Normsweep / PyTorch, same machine, same run");
        String python = PyTorchReference.python();
        if (python == null) {
            line("Skipped: no Python here can import torch (Debian: `apt-get install python3-torch`; or set"
                    + " NORMSWEEP_PYTHON).");
            return;
        }
        List<Column> fast = columns.stream().filter(Column::vector).toList();
        line("Reference: `bench/pytorch_reference.py` (PyTorch " + PyTorchReference.version(python) + " via " + python
                + ", same model, data, batch and lr; its own warm-up of " + o.warmup() + " steps; median of "
                + o.repeats() + " epochs; its BLAS, for the dense layers: " + PyTorchReference.blas(python)
                + "). Normsweep: the default kernels with the Vector API, from (a).\n");
        StringBuilder head = new StringBuilder("| network | threads | PyTorch s |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|");
        for (Column c : fast) {
            head.append(' ').append(c.jdk().label()).append(" s | ratio |");
            rule.append("---:|---:|");
        }
        line(head.toString());
        line(rule.toString());
        for (BenchNetwork n : BenchNetwork.values()) {
            for (int threads : o.threads()) {
                double torch = PyTorchReference.epochSeconds(
                        python,
                        o.pytorchScript(),
                        o.data(),
                        n,
                        threads,
                        o.warmup(),
                        o.repeats(),
                        o.workDir().resolve("pytorch-" + n.name() + "-" + threads + ".log"));
                progress.printf("bench: pytorch %s %d thread(s): %.1f s/epoch%n", n.label, threads, torch);
                StringBuilder row =
                        new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %.2f |", n.label, threads, torch));
                for (Column c : fast) {
                    Double s = c.seconds(n, org.normsweep.trial.Kernels.FAST, threads);
                    row.append(' ')
                            .append(cell(s))
                            .append(" | ")
                            .append(s == null ? "" : String.format(Locale.ROOT, "%.2f", s / torch))
                            .append(" |");
                }
                line(row.toString());
            }
        }
    }

    private void gridSection() throws IOException, InterruptedException {
        section("(g) A whole sweep: " + o.grid().getFileName());
        ChildJvm.Measured m = child(
                "grid " + o.grid().getFileName(),
                "grid",
                "org.normsweep.cli.Main",
                "run",
                o.grid().toString(),
                "--results",
                o.workDir().resolve("results-grid").toString(),
                "--yes");
        String log = Files.readString(m.log());
        java.util.regex.Matcher finished = java.util.regex.Pattern.compile("normsweep: run \\S+ finished: (\\{[^}]*})")
                .matcher(log);
        line("`bin/normsweep run " + o.grid() + "` in a fresh JVM on "
                + Jdks.current().label() + ", local mode, all" + " cores, into an empty results directory.\n");
        line("| whole process s | trials s | outcome |");
        line("|---:|---:|---|");
        line(String.format(
                Locale.ROOT,
                "| %.1f | %.1f | %s |",
                m.seconds(),
                m.trialSeconds(),
                finished.find() ? finished.group(1) : "see " + m.log()));
    }

    private void profileSection(ImageDataset train) {
        section("(f) Where a BN-LeNet step's time goes (1 thread)");
        line("Before: each DL4J layer's forward and backward pass timed on its own on one batch of 128 (mean of 30"
                + " after 10 warm-up; no workspaces, so the sum is a little above a `fit` step), with Normsweep's ND4J"
                + " kernels (`kernel_path` nd4j: what `kernels: fast` runs without the Vector API) and with DL4J's own"
                + " layers (`kernels: dl4j`). After: the vector engine's stages, below.\n");
        LayerProfile.Profile[] p = new LayerProfile.Profile[2];
        Kernels[] kernels = {Kernels.FAST, Kernels.DL4J};
        for (int k = 0; k < 2; k++) {
            TrialSpec spec = TrialSpec.builder(
                            ModelKind.LENET,
                            new DatasetSpec("fashion-mnist", o.data().toString(), 0, 0))
                    .lr(0.1)
                    .seed(1)
                    .kernels(kernels[k])
                    .build();
            p[k] = LayerProfile.measure(spec, train, 10, 30);
            progress.printf(
                    "bench: profile with %s kernels: fit %.1f ms/step%n",
                    kernels[k].name().toLowerCase(), p[k].fitMs());
        }
        line("| layer | nd4j: forward ms | nd4j: backward ms | dl4j: forward ms | dl4j: backward ms |");
        line("|---|---:|---:|---:|---:|");
        for (int i = 0; i < p[0].rows().size(); i++) {
            LayerProfile.Row f = p[0].rows().get(i);
            LayerProfile.Row d = p[1].rows().get(i);
            line(String.format(
                    Locale.ROOT,
                    "| %s / %s | %.2f | %.2f | %.2f | %.2f |",
                    f.layer(),
                    d.layer().replaceAll(".*\\(", "").replace(")", ""),
                    f.forwardMs(),
                    f.backwardMs(),
                    d.forwardMs(),
                    d.backwardMs()));
        }
        line(String.format(Locale.ROOT, "| whole `fit` step | %.1f | | %.1f | |", p[0].fitMs(), p[1].fitMs()));

        TrialSpec engineSpec = TrialSpec.builder(
                        ModelKind.LENET,
                        new DatasetSpec("fashion-mnist", o.data().toString(), 0, 0))
                .lr(0.1)
                .seed(1)
                .build();
        EngineProfile.Profile e = EngineProfile.measure(engineSpec, train, 50, 200);
        if (e == null) {
            line("\nThe vector engine cannot run in this JVM (no Vector API module or no 512-bit vectors).");
            return;
        }
        progress.printf("bench: profile of the vector engine: %.2f ms/step%n", e.stepMs());
        line("\nThe vector engine (what `kernels: fast` runs with the Vector API, "
                + Jdks.current().label()
                + "): its stages' forward and backward passes timed inside real SGD steps over a shuffled epoch"
                + " (mean of 200 steps after 50 warm-up), batch 128, 1 thread. BN is fused with its activation and"
                + " the first activation with its pooling, so the stages are not DL4J's layers.\n");
        line("| engine stage | forward ms | backward ms |");
        line("|---|---:|---:|");
        double sum = 0;
        for (var stage : e.stages().entrySet()) {
            line(String.format(
                    Locale.ROOT, "| %s | %.3f | %.3f |", stage.getKey(), stage.getValue()[0], stage.getValue()[1]));
            sum += stage.getValue()[0] + stage.getValue()[1];
        }
        line(String.format(Locale.ROOT, "| whole step (with batch gathering and clocks) | %.2f | |", e.stepMs()));
        line(String.format(Locale.ROOT, "| sum of the stages | %.2f | |", sum));
    }

    private void sparkSections() throws IOException, InterruptedException {
        Path sweep = o.workDir().resolve("bench-sweep.yaml");
        Files.writeString(
                sweep,
                String.join(
                        "\n",
                        "# Written by `normsweep bench`: short BN-LeNet trials for the Spark overhead and scaling benchmarks.",
                        "name: bench-spark",
                        "fixed:",
                        "  model: lenet",
                        "  dataset_path: " + o.data(),
                        "  train_limit: " + o.trialImages(),
                        "  test_limit: " + o.testImages(),
                        "  epochs: " + o.trialEpochs(),
                        "grid:",
                        "  seed: "
                                + java.util.stream.IntStream.rangeClosed(1, o.trials())
                                        .boxed()
                                        .toList(),
                        ""));
        String what = o.trials() + " BN-LeNet trials of " + o.trialEpochs() + " epoch(s) on " + o.trialImages()
                + " images (test "
                + o.testImages() + ")";
        ChildJvm.Measured plain = child("plain loop", "plain", PlainLoop.class.getName(), sweep.toString());
        ChildJvm.Measured one = child(
                "run, local[1]",
                "local1",
                "org.normsweep.cli.Main",
                "run",
                sweep.toString(),
                "--results",
                o.workDir().resolve("results-local1").toString(),
                "--master",
                "local[1]");
        ChildJvm.Measured two = child(
                "run, local[2]",
                "local2",
                "org.normsweep.cli.Main",
                "run",
                sweep.toString(),
                "--results",
                o.workDir().resolve("results-local2").toString(),
                "--master",
                "local[2]");

        section("(c) Spark path against a plain loop");
        line(what + ", one thread per trial, each path in a fresh JVM. Whole process: JVM start-up, data loading"
                + " and, for `run`, the Spark session and Parquet writes included; trials: from the first trial's"
                + " start to the last result (written to Parquet, for `run`).\n");
        line("| path | whole process s | ratio | trials s | ratio |");
        line("|---|---:|---:|---:|---:|");
        line(String.format(
                Locale.ROOT,
                "| plain loop (PlainLoop: no Spark, nothing written) | %.1f | 1.00 | %.1f | 1.00 |",
                plain.seconds(),
                plain.trialSeconds()));
        line(String.format(
                Locale.ROOT,
                "| `normsweep run --master local[1]` | %.1f | %.2f | %.1f | %.2f |",
                one.seconds(),
                one.seconds() / plain.seconds(),
                one.trialSeconds(),
                one.trialSeconds() / plain.trialSeconds()));

        phasesSection(what, plain);

        section("(d) Scaling: 1 and 2 task slots");
        line(what + ".\n");
        line("| task slots | whole process s | trials s | speed-up (trials) | efficiency |");
        line("|---:|---:|---:|---:|---:|");
        line(String.format(Locale.ROOT, "| 1 | %.1f | %.1f | 1.00 | 1.00 |", one.seconds(), one.trialSeconds()));
        double speedup = one.trialSeconds() / two.trialSeconds();
        line(String.format(
                Locale.ROOT,
                "| 2 | %.1f | %.1f | %.2f | %.2f |",
                two.seconds(),
                two.trialSeconds(),
                speedup,
                speedup / 2));

        section("(e) Peak memory of an executor JVM");
        line("Peak resident set (VmHWM) of the local-mode JVM (driver and executor in one) running the sweep above,"
                + " JVM options `"
                + String.join(
                                " ",
                                java.lang.management.ManagementFactory.getRuntimeMXBean()
                                        .getInputArguments())
                        .replace("|", "\\|")
                + "`.\n");
        line("| concurrent trials | peak RSS GiB |");
        line("|---:|---:|");
        line(String.format(Locale.ROOT, "| 0 (plain loop, no Spark) | %.2f |", plain.peakRssGiB()));
        line(String.format(Locale.ROOT, "| 1 | %.2f |", one.peakRssGiB()));
        line(String.format(Locale.ROOT, "| 2 | %.2f |", two.peakRssGiB()));
    }

    /** (h): the plain loop's trials, epoch by epoch: training, evaluation, probe (issue 10: the last two < 10%). */
    private void phasesSection(String what, ChildJvm.Measured plain) throws IOException {
        List<EpochPhases> trials = Files.readAllLines(plain.log()).stream()
                .map(EpochPhases::parse)
                .filter(java.util.Objects::nonNull)
                .toList();
        EpochPhases all = EpochPhases.sum(trials);
        section("(h) Where an in-sweep epoch goes");
        line(what + ", the plain loop of (c) (the trial code `run` executes: TrialRunner), summed over its epochs"
                + " from the `epochs` rows (`seconds`, `eval_seconds`, `probe_seconds`); the first trial includes"
                + " the JVM's warm-up of the kernels.\n");
        line("| phase | seconds | share |");
        line("|---|---:|---:|");
        line(String.format(
                Locale.ROOT,
                "| training steps | %.2f | %.1f%% |",
                all.trainSeconds(),
                100 * all.trainSeconds() / all.total()));
        line(String.format(
                Locale.ROOT,
                "| evaluation (test split, eval and train mode) | %.2f | %.1f%% |",
                all.evalSeconds(),
                100 * all.evalSeconds() / all.total()));
        line(String.format(
                Locale.ROOT,
                "| probe after each epoch | %.2f | %.1f%% |",
                all.probeSeconds(),
                100 * all.probeSeconds() / all.total()));
        if (trials.size() > 1) {
            EpochPhases warm = EpochPhases.sum(trials.subList(1, trials.size()));
            line(String.format(
                    Locale.ROOT,
                    "| evaluation + probe, all trials but the first | %.2f | %.1f%% |",
                    warm.evalSeconds() + warm.probeSeconds(),
                    100 * (warm.evalSeconds() + warm.probeSeconds()) / warm.total()));
        }
    }

    private ChildJvm.Measured child(String what, String tag, String main, String... args)
            throws IOException, InterruptedException {
        return child(what, tag, Jdks.current(), true, main, args);
    }

    private ChildJvm.Measured child(String what, String tag, Jdks.Jdk jdk, boolean vector, String main, String... args)
            throws IOException, InterruptedException {
        progress.printf("bench: %s ...%n", what);
        ChildJvm.Measured m = ChildJvm.run(jdk, vector, o.workDir().resolve(tag + ".log"), main, args);
        if (m.exitCode() != 0) {
            throw new IOException(what + " exited " + m.exitCode() + "; see " + m.log());
        }
        progress.printf("bench: %s: %.1f s, peak RSS %.2f GiB%n", what, m.seconds(), m.peakRssGiB());
        return m;
    }

    private void header(ImageDataset train) {
        line("# Benchmarks\n");
        line("Written by `bin/normsweep bench` on "
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
                + ". Machine: " + Machine.describe()
                + ". Data: " + o.data() + " (" + train.size() + " training images).\n");
    }

    private void section(String title) {
        md.append("\n## ").append(title).append("\n\n");
    }

    private void line(String s) {
        md.append(s).append('\n');
    }
}
