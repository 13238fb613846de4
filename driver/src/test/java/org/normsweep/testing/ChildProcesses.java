package org.normsweep.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helpers for tests that run Normsweep or Spark in child JVMs and kill them on cue. */
public final class ChildProcesses {
    private ChildProcesses() {}

    /**
     * Starts {@code normsweep ARGS} in a child JVM from the packaged driver ({@code driver/target}: {@code mvn
     * package}, which integration tests run after) with the Vector API kernels and one native thread per trial, its
     * trial logs under {@code logDir}, and its stdout and stderr together in {@code output}.
     */
    public static Process normsweep(Path root, Path logDir, Path output, String... args) throws IOException {
        return normsweep(root, logDir, output, List.of(), args);
    }

    /**
     * The same with extra JVM options ({@code -Dspark.hadoop.fs.s3a...}) and, when any is given, the test classpath's
     * s3a jars (hadoop-aws and the AWS SDK modules, test scope here; users add them with spark-submit).
     */
    public static Process normsweep(Path root, Path logDir, Path output, List<String> jvmOptions, String... args)
            throws IOException {
        String cp = root.resolve("driver/target/normsweep-driver.jar") + ":"
                + Files.readString(root.resolve("driver/target/classpath.txt")).strip();
        if (!jvmOptions.isEmpty()) {
            cp += ":" + s3aJars();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g",
                "--add-modules=jdk.incubator.vector", // the fast kernels, as bin/normsweep runs them
                "-Dnormsweep.home=" + root,
                "-Dnormsweep.log.dir=" + logDir));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", cp, "org.normsweep.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** The s3a connector's jars on this (test) JVM's classpath: hadoop-aws, the AWS SDK, its HTTP client and streams. */
    public static String s3aJars() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> e.contains("/hadoop-aws-")
                        || e.contains("/software/amazon/")
                        || e.contains("/org/apache/httpcomponents/")
                        || e.contains("/org/reactivestreams/"))
                .collect(java.util.stream.Collectors.joining(":"));
    }

    /** {@code normsweep run SWEEP --results RESULTS --master local[2]} in a child JVM, its output in {@code output}. */
    public static Process runSweep(Path root, Path logDir, Path output, Path sweep, Path results) throws IOException {
        return normsweep(
                root, logDir, output, "run", sweep.toString(), "--results", results.toString(), "--master", "local[2]");
    }

    /** Waits until {@code log} contains {@code text} or the process ends; fails when {@code seconds} pass first. */
    public static void awaitLine(Path log, String text, Process process, int seconds)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.readString(log).contains(text) && System.nanoTime() < deadline && process.isAlive()) {
            Thread.sleep(200);
        }
        // A slow machine must fail here, naming the wait, not later with a puzzling count.
        if (!Files.readString(log).contains(text) && process.isAlive()) {
            throw new AssertionError(
                    "no '" + text + "' within " + seconds + " s (machine overloaded?): " + Files.readString(log));
        }
    }

    /** Writes a sweep of {@code seeds} MLP trials, 2 epochs on the first {@code trainLimit} sample images. */
    public static Path mlpSweepOnSample(Path file, String name, Path root, int trainLimit, int seeds)
            throws IOException {
        return mlpSweepOnSample(file, name, root, trainLimit, seeds, 2);
    }

    /** The same with {@code epochs} epochs per trial. */
    public static Path mlpSweepOnSample(Path file, String name, Path root, int trainLimit, int seeds, int epochs)
            throws IOException {
        return Files.writeString(
                file,
                "name: " + name + "\nfixed: {model: mlp, dataset: fashion-mnist, dataset_path: '"
                        + root.resolve("data/fashion-mnist-sample") + "', train_limit: " + trainLimit
                        + ", test_limit: 256,"
                        + " batch_size: 64, probe_size: 16, epochs: " + epochs + "}\ngrid: {seed: {from: 1, to: "
                        + seeds + "}}\n");
    }
}
