package org.normsweep.bench;

import java.util.List;
import org.normsweep.result.TrialResult;
import org.normsweep.train.TrialRunner;
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/**
 * Trains one small BN-LeNet and one BN-MLP trial on the data in {@code args[0]} (one thread) and prints every step
 * loss, test accuracy and the code that trained them as exact bits, for {@link CrossJdkDeterminismTest} to compare
 * across JVMs.
 */
public final class OneTrialMain {
    private OneTrialMain() {}

    public static void main(String[] args) {
        DatasetSpec data = new DatasetSpec("fashion-mnist", args[0], 512, 200);
        for (TrialSpec spec : List.of(
                TrialSpec.builder(ModelKind.LENET, data).seed(3).epochs(2).build(),
                TrialSpec.builder(ModelKind.MLP, data)
                        .seed(3)
                        .epochs(2)
                        .batchSize(64)
                        .lr(0.01)
                        .build())) {
            TrialResult r = TrialRunner.run(spec, 1);
            StringBuilder bits = new StringBuilder();
            r.probes().steps().forEach(s -> bits.append(Long.toHexString(Double.doubleToLongBits(s.loss())))
                    .append(' '));
            r.probes().epochs().forEach(e -> bits.append(Long.toHexString(Double.doubleToLongBits(e.testAccuracy())))
                    .append(' '));
            System.out.println("TRIAL " + spec.model() + " " + r.status() + " "
                    + r.provenance().kernelPath() + " " + bits.toString().strip());
        }
        System.exit(0);
    }
}
