package org.normsweep.model.vector;

/**
 * A learned parameter of the engine and where it lives in DL4J ({@code layer}, {@code key}): values and gradient
 * in the engine's layout; {@code dl4j[perm[i]]} is value {@code i} in DL4J's c-order layout (no perm: the same).
 */
final class Param {
    final String layer;
    final String key;
    final float[] w;
    final float[] g;
    final int[] perm;
    /** Weight decay applies (conv and dense weights, as DL4J's weightDecay does; not biases, not BN). */
    final boolean decays;
    /** False for frozen BN parameters: kept at their value, never stepped. */
    final boolean trainable;
    /**
     * SGD momentum's velocity in the engine's layout, for trainable parameters of trials with momentum (else null):
     * allocated once with the engine, loaded from and stored into the DL4J network's updater state with the values.
     */
    float[] v;

    Param(String layer, String key, int size, int[] perm, boolean decays, boolean trainable) {
        this.layer = layer;
        this.key = key;
        this.w = new float[size];
        this.g = new float[size];
        this.perm = perm;
        this.decays = decays;
        this.trainable = trainable;
    }

    float[] toDl4j(float[] values) {
        if (perm == null) {
            return values.clone();
        }
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[perm[i]] = values[i];
        }
        return out;
    }

    void fromDl4j(float[] dl4j) {
        fromDl4j(dl4j, w);
    }

    /** Puts DL4J's c-order {@code dl4j} into {@code into} ({@link #w} or {@link #v}) in the engine's layout. */
    void fromDl4j(float[] dl4j, float[] into) {
        if (dl4j.length != into.length) {
            throw new IllegalStateException(
                    layer + "_" + key + ": DL4J holds " + dl4j.length + " values, the engine " + into.length);
        }
        for (int i = 0; i < into.length; i++) {
            into[i] = dl4j[perm == null ? i : perm[i]];
        }
    }
}
