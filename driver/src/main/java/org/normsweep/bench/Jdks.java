package org.normsweep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDKs (17 or later) on this machine, one per major version: this JVM's, {@code $JAVA_HOME}'s and those under
 * {@code /usr/lib/jvm}, as {@code bin/normsweep} finds them (it runs the newest). The benchmarks time each.
 */
final class Jdks {
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(([0-9]+)[^\"]*)\"");

    /** A JDK: its home, major version and full version string. */
    record Jdk(Path home, int major, String version) {
        Path java() {
            return home.resolve("bin").resolve("java");
        }

        /**
         * JVM flags a trial needs on this JDK: the Vector API module (unless {@code vector} is false, which leaves the
         * trial on the kernels that need no module), and on 24+ the JNI and Unsafe permissions.
         */
        List<String> trialFlags(boolean vector) {
            List<String> flags = new ArrayList<>();
            if (vector) {
                flags.add("--add-modules=jdk.incubator.vector");
            }
            if (major >= 24) {
                flags.add("--enable-native-access=ALL-UNNAMED");
                flags.add("--sun-misc-unsafe-memory-access=allow");
            }
            return flags;
        }

        String label() {
            return "Java " + version;
        }
    }

    private Jdks() {}

    /** This JVM's JDK. */
    static Jdk current() {
        Jdk jdk = read(Path.of(System.getProperty("java.home")));
        return jdk != null
                ? jdk
                : new Jdk(
                        Path.of(System.getProperty("java.home")),
                        Runtime.version().feature(),
                        System.getProperty("java.version"));
    }

    /** The JDKs found, oldest first. */
    static List<Jdk> find() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(System.getProperty("java.home")));
        if (System.getenv("JAVA_HOME") != null) {
            candidates.add(Path.of(System.getenv("JAVA_HOME")));
        }
        try (var dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            dirs.sorted().forEach(candidates::add);
        } catch (IOException e) {
            // no /usr/lib/jvm: this JVM (and JAVA_HOME) only
        }
        Map<Integer, Jdk> byMajor = new TreeMap<>();
        for (Path home : candidates) {
            Jdk jdk = read(home);
            if (jdk != null && jdk.major() >= 17) {
                byMajor.putIfAbsent(jdk.major(), jdk);
            }
        }
        List<Jdk> found = new ArrayList<>(byMajor.values());
        found.sort(Comparator.comparingInt(Jdk::major));
        return found;
    }

    private static Jdk read(Path home) {
        try {
            Path real = home.toRealPath();
            if (!Files.isExecutable(real.resolve("bin/java"))) {
                return null;
            }
            Matcher m = VERSION.matcher(Files.readString(real.resolve("release")));
            return m.find() ? new Jdk(real, Integer.parseInt(m.group(2)), m.group(1)) : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
