package org.normsweep.trial;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The network architectures a sweep can name, with how many BatchNormalization layers each has. */
public enum ModelKind {
    /** LeNet-5 as in d2l: two conv + avg-pool blocks, two dense layers, four sigmoids, optional BN before each. */
    LENET(4, Activation.SIGMOID),
    /** Seed 004's MLP: 784-512-256-10 with ReLU, optional BN before each of the two hidden activations. */
    MLP(2, Activation.RELU);

    private final int bnLayerCount;
    private final Activation defaultActivation;

    ModelKind(int bnLayerCount, Activation defaultActivation) {
        this.bnLayerCount = bnLayerCount;
        this.defaultActivation = defaultActivation;
    }

    /** The activation the model's reference uses, when a sweep does not choose one. */
    public Activation defaultActivation() {
        return defaultActivation;
    }

    /** Whether the model has convolution layers (for bias removal). */
    public boolean hasConv() {
        return this == LENET;
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
