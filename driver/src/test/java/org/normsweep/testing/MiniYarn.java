package org.normsweep.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A one-NodeManager YARN on loopback for the cluster ITs (Hadoop's MiniYARNCluster from the shaded
 * {@code hadoop-client-minicluster}, set up as Spark's own BaseYarnClusterSuite does) over a {@link MiniHdfs}, with
 * what a node's installation gives {@code spark-submit}: a Hadoop configuration directory ({@link #hadoopConfDir()},
 * for HADOOP_CONF_DIR and YARN_CONF_DIR) and a Spark one ({@link #sparkConfDir()}, for SPARK_CONF_DIR) whose
 * spark-defaults.conf puts Spark's jars on every container's classpath. Start it once per test class and
 * {@link #close()} it in {@code @AfterAll}: that also ends any container process still running.
 */
public final class MiniYarn implements AutoCloseable {
    /** The cluster's name, also its work directory under {@code target/}, which names every container's files. */
    private static final String NAME = "normsweep-yarn-it";

    private final MiniYARNCluster cluster;
    private final Path hadoopConfDir;
    private final Path sparkConfDir;

    /** Starts the cluster over {@code hdfs}; {@code sparkClasspath} is the nodes' Spark installation. */
    public MiniYarn(MiniHdfs hdfs, Path dir, String sparkClasspath) throws IOException, InterruptedException {
        YarnConfiguration conf = new YarnConfiguration(hdfs.conf());
        // A nearly full disk must not mark the node unhealthy (it would get no containers).
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
        conf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
        conf.setInt("yarn.scheduler.minimum-allocation-mb", 256);
        // hadoop-client-minicluster has no capacity-scheduler.xml: the one queue by hand.
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        // Application masters may take the whole node (the default, a tenth, admits one at a time).
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 1.0f);
        // Containers start {{JAVA_HOME}}/bin/java: a node's yarn-env.sh sets it; Maven does not export it.
        conf.set("yarn.nodemanager.admin-env", "JAVA_HOME=" + System.getProperty("java.home"));
        cluster = new MiniYARNCluster(NAME, 1, 1, 1);
        try {
            cluster.init(conf);
            cluster.start();
            // start() may return before the ResourceManager has put its port into the configuration.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (cluster.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the MiniYARNCluster's ResourceManager has no address after 60 s");
                }
                Thread.sleep(100);
            }
            // A client's configuration, as a node's would be: where HDFS and the ResourceManager are, nothing of the
            // mini clusters' own settings (their test-only classes are not on the nodes' classpath).
            Configuration client = new Configuration(false);
            client.set("fs.defaultFS", hdfs.conf().get("fs.defaultFS"));
            client.set("dfs.replication", "1");
            for (String key : List.of(
                    YarnConfiguration.RM_ADDRESS,
                    YarnConfiguration.RM_SCHEDULER_ADDRESS,
                    YarnConfiguration.RM_WEBAPP_ADDRESS)) {
                client.set(key, cluster.getConfig().get(key));
            }
            hadoopConfDir = Files.createDirectories(dir.resolve("hadoop-conf"));
            for (String file : List.of("core-site.xml", "yarn-site.xml")) {
                try (OutputStream out = Files.newOutputStream(hadoopConfDir.resolve(file))) {
                    client.writeXml(out);
                }
            }
            sparkConfDir = Files.createDirectories(dir.resolve("spark-conf"));
            // No Spark distribution here: Spark's jars are already on each node (the classpath below), so none
            // is uploaded (spark.yarn.jars names an empty local file). Drivers and executors stay on loopback.
            Path noJars = Files.write(dir.resolve("spark-jars-are-on-the-classpath.jar"), new byte[0]);
            Files.writeString(
                    sparkConfDir.resolve("spark-defaults.conf"),
                    String.join(
                            "\n",
                            "spark.yarn.jars local:" + noJars,
                            "spark.driver.extraClassPath " + sparkClasspath,
                            "spark.executor.extraClassPath " + sparkClasspath,
                            "spark.yarn.appMasterEnv.SPARK_LOCAL_IP 127.0.0.1",
                            "spark.executorEnv.SPARK_LOCAL_IP 127.0.0.1",
                            "spark.ui.enabled false",
                            ""));
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** HADOOP_CONF_DIR and YARN_CONF_DIR for a client: the ResourceManager's address and fs.defaultFS (the HDFS). */
    public Path hadoopConfDir() {
        return hadoopConfDir;
    }

    /** SPARK_CONF_DIR for {@code spark-submit}: the nodes' spark-defaults.conf. */
    public Path sparkConfDir() {
        return sparkConfDir;
    }

    /** The cluster's configuration (the ResourceManager's address and the rest). */
    public Configuration conf() {
        return cluster.getConfig();
    }

    /** Kills application {@code appId} unless it has ended (a failed test's application must not hold the node). */
    public void killIfRunning(String appId) {
        if (!appId.startsWith("application_")) {
            return;
        }
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(cluster.getConfig());
            client.start();
            ApplicationId id = ApplicationId.fromString(appId);
            YarnApplicationState state = client.getApplicationReport(id).getYarnApplicationState();
            if (state != YarnApplicationState.FINISHED
                    && state != YarnApplicationState.FAILED
                    && state != YarnApplicationState.KILLED) {
                client.killApplication(id);
            }
        } catch (IOException | org.apache.hadoop.yarn.exceptions.YarnException e) {
            // Not the test's failure: close() still ends the application's containers with the NodeManager.
            System.err.println("MiniYarn: could not kill " + appId + ": " + e);
        }
    }

    /** The last {@code chars} characters of each container's stdout and stderr of {@code appId}, for a failure. */
    public String containerLogs(String appId, int chars) {
        try (Stream<Path> files = Files.walk(cluster.getTestWorkDir().toPath())) {
            return files.filter(f -> f.toString().contains(File.separator + appId + File.separator))
                    .filter(f -> f.getFileName().toString().matches("stdout|stderr"))
                    .sorted()
                    .map(f -> {
                        String text = read(f);
                        return "--- " + f + " ---\n" + text.substring(Math.max(0, text.length() - chars));
                    })
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no container logs: " + e + ")";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        cluster.stop();
        // Stopping the NodeManager kills its containers; one that outlived it (a JVM slow to die) is ended here.
        ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(NAME))
                .forEach(p -> {
                    p.destroyForcibly();
                    p.onExit()
                            .orTimeout(30, TimeUnit.SECONDS)
                            .exceptionally(x -> p)
                            .join();
                });
    }
}
