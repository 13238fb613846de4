package org.normsweep.model.vector;

import org.normsweep.trial.TrialSpec;

/**
 * Where a built network keeps its engine (and its activation probe) between epochs, so buffers are allocated once
 * per trial. Empty until the engine first trains, evaluates or probes; holds no Vector API type itself.
 */
public final class VectorSlot {
    private VectorNetwork engine;
    private VectorProbe probe;

    /** The engine for {@code spec}, created on first use. */
    public synchronized VectorNetwork engine(TrialSpec spec) {
        if (engine == null) {
            engine = VectorNetwork.create(spec);
        }
        return engine;
    }

    /** The activation probe on {@code spec}'s engine, created (with its few buffers) on first use. */
    public synchronized VectorProbe probe(TrialSpec spec) {
        if (probe == null) {
            probe = engine(spec).probe();
        }
        return probe;
    }
}
