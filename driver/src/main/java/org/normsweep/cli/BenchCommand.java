package org.normsweep.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.normsweep.bench.BenchSuite;
import org.normsweep.sweep.DatasetLocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code normsweep bench}: runs the benchmark suite and writes BENCHMARKS.md. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run the benchmarks (epoch time per JDK, PyTorch reference, Spark overhead, scaling, memory,"
                + " optionally a whole sweep) and write a Markdown report. About 15 minutes on 2 cores with the"
                + " defaults.")
final class BenchCommand implements Callable<Integer> {
    @Option(
            names = "--out",
            paramLabel = "FILE",
            defaultValue = "BENCHMARKS.md",
            description = "report file; default: ${DEFAULT-VALUE}")
    Path out;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Fashion-MNIST IDX directory; default: the Debian" + " package's, else the committed sample")
    Path data;

    @Option(
            names = "--threads",
            split = ",",
            paramLabel = "N",
            description = "thread counts for (a) and (b);" + " default: 1 and all cores")
    List<Integer> threads;

    @Option(
            names = "--steps",
            defaultValue = "0",
            description =
                    "time this many steps and scale to an epoch" + " (0: time full epochs); default: ${DEFAULT-VALUE}")
    int steps;

    @Option(
            names = "--repeats",
            defaultValue = "3",
            description = "timed epochs per measurement (median);" + " default: ${DEFAULT-VALUE}")
    int repeats;

    @Option(names = "--warmup", defaultValue = "20", description = "untimed steps first; default: ${DEFAULT-VALUE}")
    int warmup;

    @Option(names = "--no-baseline", description = "skip DL4J's own convolution layer (the before number)")
    boolean noBaseline;

    @Option(names = "--no-pytorch", description = "skip the PyTorch reference")
    boolean noPytorch;

    @Option(names = "--no-spark", description = "skip (c), (d) and (e)")
    boolean noSpark;

    @Option(
            names = "--trials",
            defaultValue = "8",
            description = "trials in the Spark benchmarks; default: ${DEFAULT-VALUE}")
    int trials;

    @Option(
            names = "--grid",
            paramLabel = "SWEEP.yaml",
            description =
                    "also time `run` of this whole sweep" + " (section (g)), e.g. sweeps/seed001-q3-bn-exclusion.yaml")
    Path grid;

    @Option(
            names = "--trial-images",
            defaultValue = "60000",
            description = "training images per trial in the Spark benchmarks (real length: the whole training split);"
                    + " default: ${DEFAULT-VALUE}")
    int trialImages;

    @Option(
            names = "--test-images",
            defaultValue = "10000",
            description = "test images per trial in the Spark benchmarks; default: ${DEFAULT-VALUE}")
    int testImages;

    @Option(
            names = "--trial-epochs",
            defaultValue = "3",
            description =
                    "epochs per trial in the Spark benchmarks (the seeds train 2 to 20); default: ${DEFAULT-VALUE}")
    int trialEpochs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = data != null
                ? data
                : Files.isDirectory(DatasetLocator.DEBIAN_FASHION_MNIST)
                        ? DatasetLocator.DEBIAN_FASHION_MNIST
                        : DatasetLocator.sampleDir();
        if (!Files.isDirectory(dir)) {
            spec.commandLine().getErr().println("normsweep: bench: --data " + dir + ": no such directory");
            return Main.BAD_INPUT;
        }
        if (grid != null && !Files.isRegularFile(grid)) {
            spec.commandLine().getErr().println("normsweep: bench: --grid " + grid + ": no such file");
            return Main.BAD_INPUT;
        }
        if (steps < 0
                || repeats < 1
                || warmup < 0
                || trials < 1
                || trialImages < 128
                || testImages < 1
                || trialEpochs < 1) {
            spec.commandLine()
                    .getErr()
                    .println("normsweep: bench: --steps >= 0, --repeats >= 1, --warmup >= 0,"
                            + " --trials >= 1, --trial-images >= 128, --test-images >= 1 and --trial-epochs >= 1, found "
                            + steps + ", "
                            + repeats
                            + ", " + warmup + ", " + trials + ", " + trialImages + ", " + testImages + ", "
                            + trialEpochs);
            return Main.BAD_INPUT;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> threadCounts = threads != null ? threads : cores > 1 ? List.of(1, cores) : List.of(1);
        Path work = Files.createTempDirectory("normsweep-bench");
        Path script = Path.of(System.getProperty("normsweep.home", ".")).resolve("bench/pytorch_reference.py");
        BenchSuite.Options options = new BenchSuite.Options(
                dir.toAbsolutePath(),
                script,
                threadCounts,
                steps,
                repeats,
                warmup,
                !noBaseline,
                !noPytorch && Files.isRegularFile(script),
                !noSpark,
                trials,
                trialImages,
                trialEpochs,
                testImages,
                grid == null ? null : grid.toAbsolutePath(),
                work);
        String report = new BenchSuite(options, System.out).run();
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        String command = "\nCommand: `bin/normsweep " + String.join(" ", args) + "`; logs of the child runs were in "
                + work + ".\n";
        Files.writeString(out, report + command);
        System.out.println("normsweep: wrote " + out.toAbsolutePath());
        return 0;
    }
}
