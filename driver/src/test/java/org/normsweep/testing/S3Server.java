package org.normsweep.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * An S3-compatible server (Adobe's S3Mock, which honours {@code If-None-Match} and {@code If-Match}) run as its own
 * JVM on 127.0.0.1 with one bucket, {@value #BUCKET}; in-process it would clash with Spark's Jackson and Jetty. The
 * jar is copied to {@code driver/target/it-servers} before the ITs run (pom: it-s3-server). Start it once per test
 * class and {@link #close()} it in {@code @AfterAll}.
 */
public final class S3Server implements AutoCloseable {
    public static final String BUCKET = "normsweep";
    private final Process process;
    private final int port;

    public S3Server(Path root, Path dir) throws IOException, InterruptedException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        Path log = dir.resolve("s3mock.log");
        process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-jar",
                        root.resolve("driver/target/it-servers/s3mock.jar").toString(),
                        "--server.address=127.0.0.1",
                        "--server.port=0",
                        "--com.adobe.testing.s3mock.httpPort=" + port,
                        "--com.adobe.testing.s3mock.store.root=" + dir.resolve("store"),
                        "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
                        "--spring.main.banner-mode=off")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!listening() || !Files.readString(log).contains("Started S3MockApplication")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IOException("S3Mock did not start on port " + port + ": " + Files.readString(log));
            }
            Thread.sleep(500);
        }
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The s3a settings that reach this server, as Hadoop keys (a Spark JVM takes them as spark.hadoop.KEY). */
    public List<String[]> s3aSettings() {
        return List.of(
                new String[] {"fs.s3a.endpoint", "http://127.0.0.1:" + port},
                new String[] {"fs.s3a.endpoint.region", "us-east-1"},
                new String[] {"fs.s3a.path.style.access", "true"},
                new String[] {"fs.s3a.connection.ssl.enabled", "false"},
                new String[] {"fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"
                },
                new String[] {"fs.s3a.access.key", "normsweep"},
                new String[] {"fs.s3a.secret.key", "normsweep"},
                new String[] {"fs.s3a.multipart.size", "8M"});
    }

    /** A Hadoop configuration with {@link #s3aSettings()}. */
    public Configuration conf() {
        Configuration conf = new Configuration();
        for (String[] kv : s3aSettings()) {
            conf.set(kv[0], kv[1]);
        }
        return conf;
    }

    /** The settings as JVM options ({@code -Dspark.hadoop.KEY=VALUE}) for a child driver. */
    public List<String> sparkSystemProperties() {
        List<String> props = new ArrayList<>();
        for (String[] kv : s3aSettings()) {
            props.add("-Dspark.hadoop." + kv[0] + "=" + kv[1]);
        }
        return props;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
