package org.normsweep.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Pins ND4J's native thread pools (OpenMP and BLAS). They are process-wide: when several trials run
 * in one executor JVM, each must use {@code cores / concurrent trials} threads or they oversubscribe
 * the cores. The thread count also fixes the last bits of every float sum, so trials are only
 * bit-reproducible at a fixed count.
 */
public final class NativeThreads {
    private NativeThreads() {}

    public static void pin(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
