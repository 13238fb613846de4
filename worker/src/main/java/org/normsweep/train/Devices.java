package org.normsweep.train;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a trial's thread to the GPU Spark gave its task. ND4J picks a device per thread, so this runs at
 * the start of every trial, before any allocation (Spark reuses task threads). With the CPU backend there
 * is nothing to bind: the trial trains on the CPU and its row still says which GPU it was given.
 */
public final class Devices {
    public static final String CPU = "cpu";
    private static final Logger LOG = LoggerFactory.getLogger(Devices.class);

    private Devices() {}

    /** The device name for Spark's {@code gpu} resource address {@code address}. */
    public static String gpu(String address) {
        return "gpu:" + Integer.parseInt(address.strip());
    }

    public static void bind(String device) {
        if (device.equals(CPU)) {
            return;
        }
        if (!device.startsWith("gpu:")) {
            throw new IllegalArgumentException("device must be cpu or gpu:N, found " + device);
        }
        int index = Integer.parseInt(device.substring(4));
        if (isCuda()) {
            Nd4j.getAffinityManager().unsafeSetDevice(index);
        } else {
            LOG.info("task was given {}, but ND4J runs the CPU backend: training on the CPU", device);
        }
    }

    static boolean isCuda() {
        return Nd4j.getBackend().getClass().getSimpleName().toLowerCase().contains("cuda");
    }
}
