package org.normsweep.trial;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The network architectures a sweep can name, with how many BatchNormalization layers each has. */
public enum ModelKind {
    /** LeNet-5 as in d2l: two conv + avg-pool blocks, two dense layers, four sigmoids, optional BN before each. */
    LENET(4);

    private final int bnLayerCount;

    ModelKind(int bnLayerCount) {
        this.bnLayerCount = bnLayerCount;
    }

    /** BN layers are numbered 1..bnLayerCount in network order. */
    public int bnLayerCount() {
        return bnLayerCount;
    }

    /** The name used in sweep files and result tables. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks a model up by its sweep-file name; the error lists the known names. */
    public static ModelKind fromKey(String key) {
        for (ModelKind kind : values()) {
            if (kind.key().equals(key)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown model '" + key + "', known: "
                + Arrays.stream(values()).map(ModelKind::key).collect(Collectors.joining(", ")));
    }
}
