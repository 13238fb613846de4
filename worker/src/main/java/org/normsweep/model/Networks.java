package org.normsweep.model;

import org.normsweep.trial.TrialSpec;

/** Builds the network a trial names. */
public final class Networks {
    private Networks() {
    }

    public static BuiltNetwork build(TrialSpec spec) {
        return switch (spec.model()) {
            case LENET -> LeNet.build(spec);
        };
    }
}
