package org.normsweep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine a benchmark ran on: CPU model, cores, memory, OS, Java, ND4J backend. */
final class Machine {
    private Machine() {}

    static String describe() {
        String cpu = "unknown CPU";
        long memKiB = 0;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse(cpu);
            memKiB = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .findFirst()
                    .orElse(0L);
        } catch (IOException | NumberFormatException e) {
            // not Linux: keep the defaults
        }
        return String.format(
                java.util.Locale.ROOT,
                "%s, %d cores, %.0f GiB, %s %s, Java %s, ND4J %s",
                cpu,
                Runtime.getRuntime().availableProcessors(),
                memKiB / 1024.0 / 1024.0,
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName());
    }
}
