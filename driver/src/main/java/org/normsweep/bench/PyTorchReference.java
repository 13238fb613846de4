package org.normsweep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * (b) The reference: {@code bench/pytorch_reference.py} (PyTorch, same model, data, batch and lr) timed on the same
 * machine in the same benchmark run, when a Python here can import torch. Not part of Normsweep.
 */
final class PyTorchReference {
    private static final Pattern TRAIN_SECONDS = Pattern.compile("\"train_seconds\": ([0-9.]+)");

    private PyTorchReference() {}

    /**
     * A Python that can import torch: {@code $NORMSWEEP_PYTHON}, else {@code python3} on the PATH, else Debian's
     * {@code /usr/bin/python3} (where {@code python3-torch} installs); null when none can.
     */
    static String python() {
        List<String> candidates = new java.util.ArrayList<>();
        if (System.getenv("NORMSWEEP_PYTHON") != null) {
            candidates.add(System.getenv("NORMSWEEP_PYTHON"));
        }
        candidates.addAll(List.of("python3", "/usr/bin/python3"));
        for (String python : candidates) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import torch")
                        .redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // not there: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** torch.__version__ as {@code python} reports it. */
    static String version(String python) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, "-c", "import torch; print(torch.__version__)").start();
        String v = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return v;
    }

    /**
     * The BLAS library the reference's dense layers multiply with: the shared library {@code libblas.so.3} resolves to
     * in the torch process (Debian's torch links it, so it is whichever the system's alternatives select: the slow
     * reference BLAS, or an optimized one such as OpenBLAS when installed), or "unknown".
     */
    static String blas(String python) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        python,
                        "-c",
                        "import torch, os; print(next((l.split()[-1] for l in open('/proc/self/maps')"
                                + " if 'libblas' in l or 'openblas' in l), 'unknown'))")
                .start();
        String path = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        if (path.isEmpty() || path.equals("unknown")) {
            return "unknown";
        }
        try {
            return java.nio.file.Path.of(path).toRealPath().toString();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return path;
        }
    }

    /**
     * Median seconds per training epoch over {@code epochs} epochs (after {@code warmup} steps) of {@code network} on
     * {@code threads}.
     */
    static double epochSeconds(
            String python, Path script, Path data, BenchNetwork network, int threads, int warmup, int epochs, Path log)
            throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                python,
                script.toString(),
                "--data",
                data.toString(),
                "--threads",
                String.valueOf(threads),
                "--warmup-steps",
                String.valueOf(warmup),
                "--epochs",
                String.valueOf(epochs)));
        cmd.addAll(network.pytorchArgs());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        int code = pb.start().waitFor();
        String out = Files.readString(log);
        Matcher m = TRAIN_SECONDS.matcher(out);
        List<Double> seconds = new java.util.ArrayList<>();
        while (m.find()) {
            seconds.add(Double.parseDouble(m.group(1)));
        }
        if (code != 0 || seconds.size() != epochs) {
            throw new IOException("the PyTorch reference failed (exit " + code + "); see " + log);
        }
        java.util.Collections.sort(seconds);
        return seconds.size() % 2 == 1
                ? seconds.get(seconds.size() / 2)
                : (seconds.get(seconds.size() / 2 - 1) + seconds.get(seconds.size() / 2)) / 2;
    }
}
