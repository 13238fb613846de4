package org.normsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.testing.KilledSweep;
import org.normsweep.testing.MiniHdfs;
import org.normsweep.testing.MiniYarn;
import org.normsweep.testing.SparkTestBase;

/**
 * The README's YARN lines, {@code spark-submit --master yarn} in client and then in cluster deploy mode (the real
 * {@code SparkSubmit} in a child JVM), on a MiniYARNCluster over a MiniDFSCluster, both on loopback and started once
 * for the class. The dataset and the results are on HDFS; the cluster-mode run grows the client-mode run's grid in
 * the same results directory, so it resumes from what YARN wrote there, and each trial has one row.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnClusterIT extends SparkTestBase {
    static final Path ROOT =
            Path.of(System.getProperty("normsweep.home", "..")).toAbsolutePath().normalize();
    /** The sweep file the README's lines name; the test's own sweep takes its place. */
    static final String README_SWEEP = "sweeps/seed001-q3-bn-exclusion.yaml";
    /** The README's sizes, scaled to one small node. */
    static final Map<String, String> SIZES =
            Map.of("--num-executors", "1", "--executor-cores", "1", "--executor-memory", "1g");
    /** As the README writes it: the HDFS of the cluster's fs.defaultFS. */
    static final String RESULTS = "hdfs:///normsweep/results";

    @TempDir
    static Path dir;

    static MiniHdfs hdfs;
    static MiniYarn yarn;
    static String data;
    static String sparkClasspath;

    @BeforeAll
    static void startClusters() throws Exception {
        // The nodes' Spark: what bin/normsweep runs with (Spark, Hadoop's client, DL4J, Normsweep's worker) and
        // Spark's YARN module, which Spark distributions carry and this project takes in test scope only.
        sparkClasspath =
                Files.readString(ROOT.resolve("driver/target/classpath.txt")).strip()
                        + File.pathSeparator
                        + Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                                .filter(e -> e.contains("/spark-yarn_"))
                                .collect(Collectors.joining(File.pathSeparator));
        hdfs = new MiniHdfs(dir.resolve("hdfs"));
        try {
            data = hdfs.upload(ROOT.resolve("data/fashion-mnist-sample"), "/data/fashion-mnist-sample");
            yarn = new MiniYarn(hdfs, dir, sparkClasspath);
        } catch (Exception | Error e) {
            hdfs.close();
            throw e;
        }
    }

    @AfterAll
    static void stopClusters() {
        try {
            if (yarn != null) {
                yarn.close();
            }
        } finally {
            if (hdfs != null) {
                hdfs.close();
            }
        }
    }

    @Test
    @Order(1)
    void clientDeployMode() throws Exception {
        Path sweep = KilledSweep.sweep(dir.resolve("yarn.yaml"), "yarn", data, 2);
        long before = rows();
        Submitted s = submit("client", sweep);
        assertTrue(s.log().contains(" finished: {COMPLETED=2}"), s.why()); // the driver is spark-submit's JVM
        KilledSweep.assertEachTrialOnce(spark(), hdfs.uri() + "/normsweep/results", 2);
        System.out.printf("YarnClusterIT: client mode: trials rows before %d, after 2 (%d s)%n", before, s.seconds());
    }

    @Test
    @Order(2)
    void clusterDeployModeResumes() throws Exception {
        Path sweep = KilledSweep.sweep(dir.resolve("yarn.yaml"), "yarn", data, 3);
        long before = rows();
        // The driver runs in the application master's container: the sweep file travels with --files.
        Submitted s = submit("cluster", sweep);
        assertTrue(s.log().contains("final status: SUCCEEDED"), s.why());
        String driver = yarn.containerLogs(s.appId(), Integer.MAX_VALUE);
        // One attempt: a driver that ended its JVM itself would have made YARN report FAILED and start it again.
        assertEquals(1, driver.split("normsweep: sweep yarn, run ", -1).length - 1, s.why());
        assertTrue(driver.contains(" finished: {COMPLETED=" + (3 - before)), s.why());
        if (before > 0) {
            assertTrue(driver.contains(before + " of 3 trials already have a result in " + RESULTS), s.why());
        }
        KilledSweep.assertEachTrialOnce(spark(), hdfs.uri() + "/normsweep/results", 3);
        System.out.printf("YarnClusterIT: cluster mode: trials rows before %d, after 3 (%d s)%n", before, s.seconds());
    }

    /** The trials rows in {@link #RESULTS} so far. */
    private static long rows() throws IOException {
        return hdfs.fs().exists(new org.apache.hadoop.fs.Path("/normsweep/results/trials"))
                ? spark().read()
                        .parquet(hdfs.uri() + "/normsweep/results/trials")
                        .count()
                : 0;
    }

    /** One spark-submit: its output, YARN application id and time; {@link #why()} says what YARN saw of it. */
    record Submitted(String log, String appId, long seconds) {
        String why() {
            return log.substring(Math.max(0, log.length() - 8000)) + "\n" + yarn.containerLogs(appId, 6000);
        }
    }

    /**
     * The README's {@code spark-submit --master yarn --deploy-mode MODE} line, {@code $COMMON} expanded, as words with
     * the test's sizes, jar and sweep file in place of the README's.
     */
    static List<String> readmeLine(String mode, Path sweep) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md")).replace("\\\n", " ");
        Matcher common = Pattern.compile("\nCOMMON=\"([^\"]*)\"").matcher(readme);
        Matcher line = Pattern.compile("\nspark-submit --master yarn --deploy-mode " + mode + " [^\n]*")
                .matcher(readme);
        assertTrue(common.find() && line.find(), "README.md: no COMMON=\"...\" or no YARN " + mode + "-mode line");
        List<String> words = new ArrayList<>(Arrays.asList(
                line.group().replace("$COMMON", common.group(1)).strip().split("\\s+")));
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (SIZES.containsKey(w)) {
                words.set(++i, SIZES.get(w));
            } else if (w.equals("$JAR")) {
                words.set(i, ROOT.resolve("driver/target/normsweep-driver.jar").toString());
            } else if (w.equals(README_SWEEP)) {
                words.set(i, sweep.toString());
            } else if (w.equals(Path.of(README_SWEEP).getFileName().toString())) {
                words.set(i, sweep.getFileName().toString());
            }
        }
        assertTrue(words.contains(RESULTS), "README.md's YARN " + mode + "-mode line writes to " + RESULTS);
        return words;
    }

    /**
     * Runs the README's YARN line for {@code mode} as {@code bin/spark-submit} would start it (Spark's JVM options,
     * and in client mode the driver's, this JVM being the driver) against the mini clusters; waits for it and checks
     * that it exited 0.
     */
    private static Submitted submit(String mode, Path sweep) throws Exception {
        List<String> line = readmeLine(mode, sweep);
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split(" ")));
        int driverOptions = line.indexOf("--driver-java-options");
        if (mode.equals("client") && driverOptions >= 0) {
            command.add(line.get(driverOptions + 1));
        }
        // bin/spark-submit's classpath: the configuration directories first (YARN's address is read from there).
        String cp = String.join(
                File.pathSeparator,
                yarn.sparkConfDir().toString(),
                yarn.hadoopConfDir().toString(),
                sparkClasspath);
        command.addAll(List.of("-cp", cp, "org.apache.spark.deploy.SparkSubmit"));
        command.addAll(line.subList(1, line.size())); // all but "spark-submit"
        Path logFile = dir.resolve(mode + ".log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile()) // the client-mode driver's trial log goes to ./logs
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        pb.environment().put("HADOOP_CONF_DIR", yarn.hadoopConfDir().toString());
        pb.environment().put("YARN_CONF_DIR", yarn.hadoopConfDir().toString());
        pb.environment().put("SPARK_CONF_DIR", yarn.sparkConfDir().toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        long start = System.nanoTime();
        Process p = pb.start();
        String appId = "(no application id)";
        try {
            boolean ended = p.waitFor(300, TimeUnit.SECONDS);
            String log = Files.readString(logFile);
            Matcher app = Pattern.compile("application_\\d+_\\d+").matcher(log);
            appId = app.find() ? app.group() : appId;
            Submitted s = new Submitted(
                    String.join(" ", line) + "\n" + log,
                    appId,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            assertTrue(ended, "spark-submit still running after 300 s: " + s.why());
            assertEquals(0, p.exitValue(), s.why());
            return s;
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            yarn.killIfRunning(appId); // a client-mode driver killed here leaves its application master waiting
        }
    }
}
