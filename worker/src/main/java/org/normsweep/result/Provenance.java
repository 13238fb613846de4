package org.normsweep.result;

import java.io.Serializable;

/**
 * Where and with what a trial ran; SGD results differ across platforms and thread counts.
 *
 * @param codeVersion Normsweep's version and git commit
 * @param dl4jVersion DL4J/ND4J version
 * @param javaVersion the executor's Java runtime
 * @param os          operating system and architecture
 * @param backend     ND4J backend, e.g. {@code cpu (nd4j-native)}
 * @param threads     native threads the trial was pinned to
 * @param device      the device Spark gave the task: {@code cpu}, or {@code gpu:N} (N the address from Spark's
 *                    resource scheduling; with the CPU backend the trial still trains on the CPU)
 * @param trainedBy   the id of the trial whose training run produced these results: the trial's own id, or with
 *                    epoch-axis folding the id of the same trial with the most epochs
 * @param kernelPath  the code that trained it: {@code vector} (Normsweep's Vector API network), {@code nd4j}
 *                    (Normsweep's layers on ND4J ops) or {@code dl4j} (DL4J's own layers); setting {@code kernels}
 *                    asks, this says what ran
 */
public record Provenance(
        String codeVersion,
        String dl4jVersion,
        String javaVersion,
        String os,
        String backend,
        int threads,
        String device,
        String trainedBy,
        String kernelPath)
        implements Serializable {

    /** What is known of a trial whose Spark task failed before it reported: nothing of where or with what it ran. */
    public static Provenance sparkTaskFailed(String trialId) {
        String unknown = "unknown (the Spark task failed)";
        return new Provenance(unknown, unknown, unknown, unknown, unknown, 0, "none", trialId, "none");
    }

    public Provenance withTrainedBy(String id) {
        return new Provenance(codeVersion, dl4jVersion, javaVersion, os, backend, threads, device, id, kernelPath);
    }
}
