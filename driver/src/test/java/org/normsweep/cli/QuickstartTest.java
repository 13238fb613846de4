package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.testing.Cli;
import org.normsweep.testing.SparkTestBase;

/** Runs exactly the README's quick-start sweep and checks the seeds' first finding on its results. */
class QuickstartTest extends SparkTestBase {
    static final Path QUICKSTART = Path.of(System.getProperty("normsweep.home", ".."), "sweeps", "quickstart.yaml");

    @Test
    void quickstartShowsBnTrainingWherePlainLeNetStalls(@TempDir Path results) {
        Cli.Result run = Cli.run("run", QUICKSTART.toString(), "--results", results.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.err());
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("qt");
        assertEquals(4L, scalar("SELECT count(*) FROM qt WHERE status = 'COMPLETED'"));
        double bn = (Double) scalar("SELECT avg(final_test_accuracy) FROM qt WHERE bn_layers = 4");
        double plain = (Double) scalar("SELECT avg(final_test_accuracy) FROM qt WHERE bn_layers = 0");
        assertTrue(bn > 0.6, "BN-LeNet learns: " + bn);
        assertTrue(plain < 0.3, "plain sigmoid LeNet at lr 0.1 stays near chance: " + plain);
    }
}
