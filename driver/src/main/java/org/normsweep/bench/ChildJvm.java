package org.normsweep.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a main class in a fresh JVM with this JVM's classpath and options, and measures it from outside: wall
 * time, and peak resident memory (the kernel's high-water mark, {@code VmHWM}, sampled until the process ends).
 */
final class ChildJvm {
    private ChildJvm() {}

    record Measured(int exitCode, double seconds, long peakRssBytes, Path log) {
        /** The "trials took X s" the run printed: the trials alone, without JVM and Spark start-up. */
        double trialSeconds() throws IOException {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("trials took ([0-9.]+) s").matcher(Files.readString(log));
            if (!m.find()) {
                throw new IOException("no 'trials took' line in " + log);
            }
            return Double.parseDouble(m.group(1));
        }

        double peakRssGiB() {
            return peakRssBytes / (1024.0 * 1024 * 1024);
        }
    }

    /** Runs {@code mainClass} in a JVM like this one. */
    static Measured run(Path log, String mainClass, String... args) throws IOException, InterruptedException {
        return run(Jdks.current(), true, log, mainClass, args);
    }

    /**
     * Runs {@code mainClass} on {@code jdk} with this JVM's options, but those that depend on the JDK's version and,
     * with {@code vector} false, without the Vector API module.
     */
    static Measured run(Jdks.Jdk jdk, boolean vector, Path log, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java().toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("--add-modules")
                    && !option.startsWith("--enable-native-access")
                    && !option.startsWith("--sun-misc-unsafe-memory-access")) {
                cmd.add(option);
            }
        }
        cmd.addAll(jdk.trialFlags(vector));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        long t0 = System.nanoTime();
        Process p = pb.start();
        Path status = Path.of("/proc", String.valueOf(p.pid()), "status");
        long peak = 0;
        while (p.isAlive()) {
            peak = Math.max(peak, highWaterMark(status));
            Thread.sleep(100);
        }
        int code = p.waitFor();
        return new Measured(code, (System.nanoTime() - t0) / 1e9, peak, log);
    }

    /** VmHWM in bytes, 0 when unreadable (the process just ended, or no /proc). */
    private static long highWaterMark(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
