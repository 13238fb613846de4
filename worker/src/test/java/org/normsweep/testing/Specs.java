package org.normsweep.testing;

import java.nio.file.Path;
import java.util.List;
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/** Small trial specs for tests. */
public final class Specs {
    private Specs() {
    }

    public static TrialSpec lenet(Path data, double lr, List<Integer> bnExcluded, long seed, int epochs) {
        return new TrialSpec(ModelKind.LENET, new DatasetSpec("synthetic", data.toString(), 0, 0), 32, "sgd", lr,
                bnExcluded, seed, epochs, 16);
    }
}
