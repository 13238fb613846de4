package org.normsweep.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same trials, trained in a fresh JVM on every JDK this machine has (Java 17 and 25 here), give bit-identical
 * step losses and accuracies with the default kernels: a result does not depend on the JDK a cluster runs.
 * Skipped where only one JDK is installed.
 */
class CrossJdkDeterminismTest {

    @Test
    void everyJdkTrainsTheSameBits(@TempDir Path dir) throws Exception {
        List<Jdks.Jdk> jdks = Jdks.find();
        Assumptions.assumeTrue(jdks.size() >= 2, "only one JDK here: " + jdks);
        Path data = Path.of(System.getProperty("normsweep.home", ".."))
                .resolve("data/fashion-mnist-sample")
                .toAbsolutePath();
        List<List<String>> outputs = new ArrayList<>();
        for (Jdks.Jdk jdk : jdks) {
            Path log = dir.resolve("java" + jdk.major() + ".log");
            ChildJvm.Measured m = ChildJvm.run(jdk, true, log, OneTrialMain.class.getName(), data.toString());
            String out = Files.readString(log);
            assertEquals(0, m.exitCode(), jdk.label() + ": " + out);
            List<String> trials =
                    out.lines().filter(l -> l.startsWith("TRIAL ")).toList();
            assertEquals(2, trials.size(), out);
            trials.forEach(t -> assertTrue(t.contains(" COMPLETED "), t));
            outputs.add(trials);
        }
        for (int i = 1; i < outputs.size(); i++) {
            assertEquals(
                    outputs.get(0),
                    outputs.get(i),
                    jdks.get(0).label() + " vs " + jdks.get(i).label());
        }
    }
}
