package org.normsweep.testing;

import java.nio.file.Path;
import java.util.List;
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/** Small trial specs for tests: batch 32, probe batch 16, everything else at its default. */
public final class Specs {
    private Specs() {}

    public static TrialSpec.Builder builder(ModelKind model, Path data) {
        return TrialSpec.builder(model, new DatasetSpec("synthetic", data.toString(), 0, 0))
                .batchSize(32)
                .probeSize(16);
    }

    public static TrialSpec lenet(Path data, double lr, List<Integer> bnExcluded, long seed, int epochs) {
        return builder(ModelKind.LENET, data)
                .lr(lr)
                .bnExcluded(bnExcluded)
                .seed(seed)
                .epochs(epochs)
                .build();
    }
}
