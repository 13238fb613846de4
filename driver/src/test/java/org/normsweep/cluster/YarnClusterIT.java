package org.normsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.testing.KilledSweep;
import org.normsweep.testing.MiniHdfs;
import org.normsweep.testing.SparkTestBase;

/**
 * {@code spark-submit --master yarn}, in client and in cluster deploy mode, on a MiniYARNCluster (one NodeManager)
 * over a MiniDFSCluster, both on loopback and started once for the class (Spark's BaseYarnClusterSuite recipe):
 * the dataset and the results are on HDFS, and the rows land there.
 */
class YarnClusterIT extends SparkTestBase {
    static final Path ROOT =
            Path.of(System.getProperty("normsweep.home", "..")).toAbsolutePath().normalize();

    @TempDir
    static Path dir;

    static MiniHdfs hdfs;
    static MiniYARNCluster yarn;
    static Path confDir;
    static String data;

    @BeforeAll
    static void startClusters() throws Exception {
        hdfs = new MiniHdfs(dir.resolve("hdfs"));
        data = hdfs.upload(ROOT.resolve("data/fashion-mnist-sample"), "/data/fashion-mnist-sample");
        YarnConfiguration conf = new YarnConfiguration(hdfs.conf());
        conf.set("yarn.resourcemanager.hostname", "127.0.0.1");
        conf.set("yarn.nodemanager.hostname", "127.0.0.1");
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
        conf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
        conf.setInt("yarn.scheduler.minimum-allocation-mb", 256);
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        yarn = new MiniYARNCluster("normsweep", 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
        Configuration all = new Configuration(yarn.getConfig());
        try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
            all.writeXml(out);
        }
        try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
            all.writeXml(out);
        }
    }

    @AfterAll
    static void stopClusters() {
        if (yarn != null) {
            yarn.stop();
        }
        if (hdfs != null) {
            hdfs.close();
        }
    }

    /** {@code spark-submit --master yarn --deploy-mode MODE ... normsweep-driver.jar run ...}; returns its exit status. */
    private static int submit(String mode, Path sweep, String sweepArg, String results, Path log) throws Exception {
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        Path dummy = Files.write(dir.resolve("spark-jars-are-on-the-classpath.jar"), new byte[0]);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                cp,
                "org.apache.spark.deploy.SparkSubmit",
                "--master",
                "yarn",
                "--deploy-mode",
                mode,
                "--class",
                "org.normsweep.cli.Main",
                "--conf",
                "spark.executorEnv.OMP_NUM_THREADS=1",
                "--conf",
                "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector",
                "--conf",
                "spark.driver.extraJavaOptions=--add-modules=jdk.incubator.vector",
                "--driver-java-options",
                "--add-modules=jdk.incubator.vector",
                "--conf",
                "spark.yarn.jars=local:" + dummy,
                "--conf",
                "spark.driver.extraClassPath=" + cp,
                "--conf",
                "spark.executor.extraClassPath=" + cp,
                "--conf",
                "spark.yarn.am.memory=512m",
                "--driver-memory",
                "1g",
                "--num-executors",
                "1",
                "--executor-cores",
                "1",
                "--executor-memory",
                "1g"));
        if (mode.equals("cluster")) {
            command.addAll(List.of("--files", sweep.toString()));
        }
        command.addAll(List.of(
                ROOT.resolve("driver/target/normsweep-driver.jar").toString(), "run", sweepArg, "--results", results));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("YARN_CONF_DIR", confDir.toString());
        pb.environment().put("HADOOP_CONF_DIR", confDir.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(480, TimeUnit.SECONDS), "spark-submit still running: " + tail(log));
            return p.exitValue();
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log);
        return text.substring(Math.max(0, text.length() - 6000));
    }

    @Test
    void clientDeployModeWritesResultsToHdfs() throws Exception {
        Path sweep = KilledSweep.sweep(dir.resolve("yarn-client.yaml"), "yarnclient", data, 2);
        String results = hdfs.uri() + "/yarn/client";
        Path log = dir.resolve("client.log");
        assertEquals(0, submit("client", sweep, sweep.toString(), results, log), tail(log));
        assertTrue(Files.readString(log).contains("finished: {COMPLETED=2}"), tail(log));
        assertEquals(2L, spark().read().parquet(results + "/trials").count());
        System.out.println("YarnClusterIT: client mode: 2 trials rows on HDFS");
    }

    @Test
    void clusterDeployModeWritesResultsToHdfs() throws Exception {
        Path sweep = KilledSweep.sweep(dir.resolve("yarn-cluster.yaml"), "yarncluster", data, 2);
        String results = hdfs.uri() + "/yarn/cluster";
        Path log = dir.resolve("cluster.log");
        // The driver runs in the YARN application master's container, with the sweep file shipped by --files.
        assertEquals(0, submit("cluster", sweep, "yarn-cluster.yaml", results, log), tail(log));
        assertTrue(Files.readString(log).contains("final status: SUCCEEDED"), tail(log));
        assertEquals(2L, spark().read().parquet(results + "/trials").count());
        System.out.println("YarnClusterIT: cluster mode: 2 trials rows on HDFS");
    }
}
