package org.normsweep.model.vector;

import java.util.concurrent.atomic.AtomicBoolean;
import org.normsweep.trial.Kernels;
import org.normsweep.trial.TrialSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which code trains a trial (recorded as {@code trials.kernel_path}), decided here and nowhere else:
 * <ul>
 *   <li>{@code dl4j}: {@code kernels: dl4j}, always DL4J's own layers;</li>
 *   <li>{@code vector}: {@code kernels: fast} and this JVM has the {@code jdk.incubator.vector} module on a CPU with
 *       16-float vectors; the engine computes every network a sweep can describe (LeNet and the MLP, with DL4J's BN
 *       layer or the from-scratch one in all its modes, momentum, weight decay, dropout);</li>
 *   <li>{@code nd4j}: otherwise, the ND4J fast layers of {@code model.fast} inside DL4J's network; the first such
 *       trial in a JVM logs one warning saying how to enable the engine.</li>
 * </ul>
 * This class touches no Vector API type before it knows the module is there, so it loads on any JVM.
 */
public final class VectorPath {
    public static final String VECTOR = "vector";
    public static final String ND4J = "nd4j";
    public static final String DL4J = "dl4j";

    private static final Logger LOG = LoggerFactory.getLogger(VectorPath.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private VectorPath() {}

    /** The path that trains {@code spec} in this JVM: {@link #VECTOR}, {@link #ND4J} or {@link #DL4J}. */
    public static String kernelPath(TrialSpec spec) {
        String path = choose(spec, Availability.ENGINE == null);
        if (path.equals(ND4J) && WARNED.compareAndSet(false, true)) {
            LOG.warn(
                    "kernels: fast trials run on the slower ND4J kernels in this JVM: {}. Start Java with "
                            + "--add-modules=jdk.incubator.vector (bin/normsweep passes it; with spark-submit, add it to "
                            + "--driver-java-options and spark.executor.extraJavaOptions)",
                    Availability.ENGINE);
        }
        return path;
    }

    /** Whether the engine trains {@code spec} in this JVM. */
    public static boolean runs(TrialSpec spec) {
        return kernelPath(spec).equals(VECTOR);
    }

    /** The rule, given whether this JVM can run the engine at all. */
    static String choose(TrialSpec spec, boolean engineAvailable) {
        if (spec.kernels() == Kernels.DL4J) {
            return DL4J;
        }
        return engineAvailable ? VECTOR : ND4J;
    }

    /** Why this JVM cannot run the engine, or null when it can; computed once. */
    private static final class Availability {
        static final String ENGINE = check();

        private static String check() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return "the jdk.incubator.vector module is not loaded";
            }
            if (Boolean.getBoolean("normsweep.noVector")) {
                return "-Dnormsweep.noVector=true";
            }
            return Lanes.native16() ? null : "this CPU has no 16-float (512-bit) vectors";
        }
    }
}
