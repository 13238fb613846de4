package org.normsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.testing.ChildProcesses;
import org.normsweep.testing.SparkTestBase;

/**
 * A real Spark standalone cluster on 127.0.0.1 (bin/local-cluster: a master and two one-core workers that
 * report two fake GPUs each), and sweeps submitted to it through org.apache.spark.deploy.SparkSubmit, the
 * class bin/spark-submit runs, in client and in cluster deploy mode. Runs after `package` (failsafe): it
 * needs the driver jar. Every process it starts is stopped in {@link #stopCluster()}.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class LocalClusterIT extends SparkTestBase {
    static final Path ROOT =
            Path.of(System.getProperty("normsweep.home", "..")).toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("driver/target/normsweep-driver.jar");
    static final Path SPARK_HOME = ROOT.resolve("target/local-cluster/spark-home");

    @TempDir
    static Path dir;

    static String master;
    static Path sweep;

    @BeforeAll
    static void startCluster() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process start = process(
                List.of(ROOT.resolve("bin/local-cluster").toString(), "start"),
                Map.of(
                        "NORMSWEEP_CLUSTER_PORT",
                        String.valueOf(port),
                        "NORMSWEEP_WORKER_GPUS",
                        "2",
                        "NORMSWEEP_FAKE_GPUS",
                        "0,1"),
                dir.resolve("start.log"));
        assertTrue(start.waitFor(180, TimeUnit.SECONDS), "cluster started in time");
        assertEquals(0, start.exitValue(), Files.readString(dir.resolve("start.log")));
        master = "spark://127.0.0.1:" + port;
        sweep = dir.resolve("tiny.yaml");
        Files.writeString(
                sweep,
                "name: tiny-cluster\nfixed: {model: mlp, dataset: fashion-mnist, dataset_path: '"
                        + ROOT.resolve("data/fashion-mnist-sample")
                        + "', train_limit: 256, test_limit: 128, batch_size: 64,"
                        + " probe_size: 16}\ngrid: {seed: [1, 2, 3, 4]}\n");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Process stop = process(
                List.of(ROOT.resolve("bin/local-cluster").toString(), "stop"), Map.of(), dir.resolve("stop.log"));
        stop.waitFor(60, TimeUnit.SECONDS);
    }

    /** Runs SparkSubmit the way bin/spark-submit would, with the cluster's jars; returns its exit status. */
    private static int submit(String deployMode, Path results, String... conf) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                java(),
                "-cp",
                SPARK_HOME.resolve("jars") + "/*",
                "org.apache.spark.deploy.SparkSubmit",
                "--master",
                master,
                "--deploy-mode",
                deployMode,
                "--conf",
                "spark.executor.cores=1",
                "--conf",
                "spark.executor.memory=1g",
                "--conf",
                "spark.driver.memory=1g",
                "--conf",
                "spark.executorEnv.OMP_NUM_THREADS=1",
                "--conf",
                "spark.standalone.submit.waitAppCompletion=true"));
        for (String c : conf) {
            cmd.add("--conf");
            cmd.add(c);
        }
        cmd.addAll(List.of(
                "--class",
                "org.normsweep.cli.Main",
                JAR.toString(),
                "run",
                sweep.toString(),
                "--results",
                results.toUri().toString(),
                "--log",
                dir.resolve(deployMode + "-trials.log").toString()));
        Process p = process(cmd, Map.of("SPARK_HOME", SPARK_HOME.toString()), dir.resolve(deployMode + ".log"));
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(
                    "spark-submit did not finish: " + Files.readString(dir.resolve(deployMode + ".log")));
        }
        return p.exitValue();
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void clientModeRecordsTheGpuEachTaskWasGiven() throws Exception {
        Path results = dir.resolve("client-results");
        int code =
                submit("client", results, "spark.executor.resource.gpu.amount=1", "spark.task.resource.gpu.amount=1");
        String log = Files.readString(dir.resolve("client.log"), StandardCharsets.UTF_8);
        assertEquals(0, code, log);
        assertTrue(log.contains("4 trials in 4 training runs (4 epochs) on " + master), log);
        assertTrue(
                log.contains("normsweep: trial log: " + dir.resolve("client-trials.log")
                        + " (this JVM's lines; executors log to their stderr, see the Spark UI)"),
                log);
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("ct");
        assertEquals(4L, scalar("SELECT count(*) FROM ct WHERE status = 'COMPLETED'"));
        assertEquals(
                4L,
                scalar("SELECT count(*) FROM ct WHERE device RLIKE '^gpu:[01]$' AND backend LIKE 'cpu%'"),
                "each task saw its GPU address; the CPU backend trained on the CPU");
        assertEquals(4L, scalar("SELECT count(DISTINCT trial_id) FROM ct"));
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void clusterModeRunsTheDriverOnAWorker() throws Exception {
        Path results = dir.resolve("cluster-results");
        int code = submit("cluster", results);
        assertEquals(0, code, Files.readString(dir.resolve("cluster.log")));
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("kt");
        assertEquals(4L, scalar("SELECT count(*) FROM kt WHERE status = 'COMPLETED' AND device = 'cpu'"));
        spark().read().parquet(results.resolve("steps").toString()).createOrReplaceTempView("ks");
        assertEquals(4L * 4, scalar("SELECT count(*) FROM ks"), "256 images / batch 64 = 4 steps per trial");
    }

    /** Runs last: it kills one of the two workers (SIGKILL) while the sweep runs. */
    @Test
    @org.junit.jupiter.api.Order(3)
    void aKilledWorkerDoesNotStopTheSweepNorDuplicateRows() throws Exception {
        Path longer = ChildProcesses.mlpSweepOnSample(dir.resolve("longer.yaml"), "worker-kill", ROOT, 4096, 6);
        Path results = dir.resolve("kill-results");
        Path log = dir.resolve("kill.log");
        List<String> cmd = List.of(
                java(),
                "-cp",
                SPARK_HOME.resolve("jars") + "/*",
                "org.apache.spark.deploy.SparkSubmit",
                "--master",
                master,
                "--conf",
                "spark.executor.cores=1",
                "--conf",
                "spark.executor.memory=1g",
                "--conf",
                "spark.executorEnv.OMP_NUM_THREADS=1",
                "--conf",
                "spark.executor.heartbeatInterval=200ms",
                "--class",
                "org.normsweep.cli.Main",
                JAR.toString(),
                "run",
                longer.toString(),
                "--results",
                results.toUri().toString(),
                "--log",
                dir.resolve("kill-trials.log").toString());
        Process submit = process(cmd, Map.of("SPARK_HOME", SPARK_HOME.toString()), log);
        ChildProcesses.awaitLine(log, "[1/6]", submit, 240);
        List<String> pids = Files.readAllLines(ROOT.resolve("target/local-cluster/pids"));
        long worker = Long.parseLong(pids.get(pids.size() - 1).strip());
        ProcessHandle.of(worker).ifPresent(ProcessHandle::destroyForcibly);
        assertTrue(submit.waitFor(400, TimeUnit.SECONDS), Files.readString(log));
        assertEquals(0, submit.exitValue(), Files.readString(log));
        spark().read().parquet(results.resolve("trials").toString()).createOrReplaceTempView("wk");
        assertEquals(6L, scalar("SELECT count(*) FROM wk"), "one row per trial, none duplicated by retried tasks");
        assertEquals(6L, scalar("SELECT count(DISTINCT trial_id) FROM wk WHERE status = 'COMPLETED'"));
        // Running trials' step losses reached the live page from the executors' heartbeats (every task ran in one).
        String live;
        try (java.util.stream.Stream<Path> runs = Files.list(results.resolve("live"))) {
            live = Files.readString(runs.findFirst().orElseThrow().resolve("data.js"));
        }
        java.util.regex.Matcher updates =
                java.util.regex.Pattern.compile("\"running_updates\":(\\d+)").matcher(live);
        assertTrue(updates.find() && Long.parseLong(updates.group(1)) > 0, live);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Process process(List<String> cmd, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }
}
