package org.normsweep.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Helpers for tests that run Normsweep or Spark in child JVMs and kill them on cue. */
public final class ChildProcesses {
    private ChildProcesses() {}

    /** Waits until {@code log} contains {@code text}, the process ends, or {@code seconds} pass. */
    public static void awaitLine(Path log, String text, Process process, int seconds)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.readString(log).contains(text) && System.nanoTime() < deadline && process.isAlive()) {
            Thread.sleep(200);
        }
    }

    /** Writes a sweep of {@code seeds} MLP trials, 2 epochs on the first {@code trainLimit} sample images. */
    public static Path mlpSweepOnSample(Path file, String name, Path root, int trainLimit, int seeds)
            throws IOException {
        return Files.writeString(
                file,
                "name: " + name + "\nfixed: {model: mlp, dataset: fashion-mnist, dataset_path: '"
                        + root.resolve("data/fashion-mnist-sample") + "', train_limit: " + trainLimit
                        + ", test_limit: 256,"
                        + " batch_size: 64, probe_size: 16, epochs: 2}\ngrid: {seed: {from: 1, to: " + seeds + "}}\n");
    }
}
