package org.normsweep.model.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.testing.SyntheticIdx;

/**
 * A JVM started without {@code --add-modules=jdk.incubator.vector} still trains {@code kernels: fast} trials, on the
 * ND4J kernels, records {@code kernel_path nd4j}, and says once how to enable the fast path.
 */
class VectorFallbackTest {
    @TempDir
    Path dir;

    @Test
    void withoutTheModuleTrialsRunOnTodaysKernelsWithOneWarning() throws IOException, InterruptedException {
        SyntheticIdx.write(dir, 64, 16, 5);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        java,
                        "-Xmx2g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        NoVectorModuleMain.class.getName(),
                        dir.toString()))
                .redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals(
                2,
                out.lines().filter(l -> l.equals("RESULT COMPLETED nd4j null")).count(),
                out);
        assertEquals(
                1,
                out.lines()
                        .filter(l -> l.contains("--add-modules=jdk.incubator.vector"))
                        .count(),
                out);
        assertTrue(!out.contains("NoClassDefFoundError"), out);
    }
}
