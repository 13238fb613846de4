package org.normsweep.model.vector;

import org.normsweep.trial.TrialSpec;

/**
 * Where a built network keeps its engine between epochs, so buffers are allocated once per trial. Empty until
 * the first epoch trained by the engine; holds no Vector API type itself.
 */
public final class VectorSlot {
    private VectorNetwork engine;

    /** The engine for {@code spec}, created on first use. */
    public synchronized VectorNetwork engine(TrialSpec spec) {
        if (engine == null) {
            engine = VectorNetwork.create(spec);
        }
        return engine;
    }
}
