package org.normsweep.train;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;
import org.normsweep.result.Provenance;

/** Versions of this code, DL4J, Java and the OS, for every result row's provenance. */
public final class BuildInfo {
    private static final String UNKNOWN = "unknown";
    private static final Properties BUILD = load("/normsweep-build.properties");
    private static final Properties DL4J = load("/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties");

    private BuildInfo() {}

    /** e.g. {@code 0.1.0-SNAPSHOT+3f2a9c1} (the suffix {@code -dirty} marks uncommitted changes). */
    public static String codeVersion() {
        String version = BUILD.getProperty("version", UNKNOWN);
        String commit = BUILD.getProperty("commit", "");
        if (commit.isBlank() || commit.startsWith("${")) {
            return version;
        }
        String dirty = "true".equals(BUILD.getProperty("dirty")) ? "-dirty" : "";
        return version + "+" + commit + dirty;
    }

    public static String dl4jVersion() {
        return DL4J.getProperty("version", UNKNOWN);
    }

    public static Provenance provenance(int threads, String device, String trainedBy, String kernelPath) {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        String os = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        return new Provenance(
                codeVersion(),
                dl4jVersion(),
                System.getProperty("java.version"),
                os,
                backend.toLowerCase(Locale.ROOT).contains("cpu") ? "cpu (" + backend + ")" : backend,
                threads,
                device,
                trainedBy,
                kernelPath);
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Provenance is best effort: a missing file leaves "unknown", never a failed trial.
        }
        return p;
    }
}
