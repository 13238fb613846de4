package org.normsweep.model;

import org.normsweep.trial.TrialSpec;

/**
 * Builds the network a trial names. DL4J draws initial weights from a thread-local generator seeded
 * from the configuration, so trials built at once on several executor threads stay independent.
 */
public final class Networks {
    private Networks() {}

    public static BuiltNetwork build(TrialSpec spec) {
        return switch (spec.model()) {
            case LENET -> LeNet.build(spec);
            case MLP -> Mlp.build(spec);
        };
    }
}
