package org.normsweep.model.vector;

import java.nio.file.Path;
import org.normsweep.result.TrialResult;
import org.normsweep.testing.Specs;
import org.normsweep.train.TrialRunner;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/** Run by {@link VectorFallbackTest} in a JVM without the Vector API module: two kernels-fast trials. */
public final class NoVectorModuleMain {
    private NoVectorModuleMain() {}

    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        for (long seed = 1; seed <= 2; seed++) {
            TrialSpec spec = Specs.builder(ModelKind.LENET, data).seed(seed).build();
            TrialResult r = TrialRunner.run(spec, 1);
            System.out.println("RESULT " + r.status() + " " + r.provenance().kernelPath() + " " + r.error());
        }
    }
}
