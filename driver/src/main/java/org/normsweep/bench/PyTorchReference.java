package org.normsweep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * (b) The reference: {@code bench/pytorch_lenet.py} (PyTorch, same model, data, batch and lr) timed on the same
 * machine in the same benchmark run, when {@code python3} can import torch. Not part of Normsweep.
 */
final class PyTorchReference {
    private static final Pattern TRAIN_SECONDS = Pattern.compile("\"train_seconds\": ([0-9.]+)");

    private PyTorchReference() {
    }

    /** Whether python3 with torch is on this machine. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Seconds of one training epoch (after {@code warmup} steps) of LeNet, with BN or without, on {@code threads}. */
    static double epochSeconds(Path script, Path data, boolean bn, int threads, int warmup, Path log)
            throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", script.toString(), "--data", data.toString(),
                "--threads", String.valueOf(threads), "--warmup-steps", String.valueOf(warmup), "--epochs", "1"));
        if (bn) {
            cmd.add("--bn");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        int code = pb.start().waitFor();
        String out = Files.readString(log);
        Matcher m = TRAIN_SECONDS.matcher(out);
        if (code != 0 || !m.find()) {
            throw new IOException("the PyTorch reference failed (exit " + code + "); see " + log);
        }
        return Double.parseDouble(m.group(1));
    }
}
