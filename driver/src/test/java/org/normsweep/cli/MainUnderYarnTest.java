package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * As the driver of a YARN cluster-mode application, {@link Main#main} must not end the JVM (the application master's,
 * which would report the application FAILED and start it again): it returns on success and throws on failure.
 * Were it to call {@code System.exit} here, this test's JVM would end and the build fail.
 */
class MainUnderYarnTest {
    @Test
    void mainReturnsOrThrowsInsteadOfEndingTheApplicationMaster() {
        System.setProperty("spark.master", "yarn");
        System.setProperty("spark.submit.deployMode", "cluster");
        try {
            Main.main(new String[] {"--version"});
            IllegalStateException failed =
                    assertThrows(IllegalStateException.class, () -> Main.main(new String[] {"nonsense"}));
            assertTrue(failed.getMessage().startsWith("normsweep exited with status 2"), failed.getMessage());
        } finally {
            System.clearProperty("spark.master");
            System.clearProperty("spark.submit.deployMode");
        }
    }
}
