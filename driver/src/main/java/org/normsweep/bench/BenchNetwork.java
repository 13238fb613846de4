package org.normsweep.bench;

import java.nio.file.Path;
import java.util.List;
import org.normsweep.trial.BiasRemoval;
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;
import org.normsweep.trial.WeightInit;

/**
 * The four networks the benchmarks time, each as the seeds train it and as {@code bench/pytorch_reference.py}
 * builds it: LeNet and BN-LeNet (sigmoid, batch 128, lr 0.1; seed 000) and seed 004's MLP and BN-MLP (ReLU, batch
 * 64, lr 0.01, PyTorch's default initialisation, no bias in front of BN).
 */
enum BenchNetwork {
    LENET("LeNet", ModelKind.LENET, false),
    BN_LENET("BN-LeNet", ModelKind.LENET, true),
    MLP("MLP", ModelKind.MLP, false),
    BN_MLP("BN-MLP", ModelKind.MLP, true);

    final String label;
    final ModelKind model;
    final boolean bn;

    BenchNetwork(String label, ModelKind model, boolean bn) {
        this.label = label;
        this.model = model;
        this.bn = bn;
    }

    int batchSize() {
        return model == ModelKind.LENET ? 128 : 64;
    }

    /** The network's trial settings on the data in {@code data}. */
    TrialSpec.Builder spec(Path data) {
        TrialSpec.Builder b = TrialSpec.builder(model, new DatasetSpec("fashion-mnist", data.toString(), 0, 0))
                .seed(1)
                .batchSize(batchSize());
        if (model == ModelKind.LENET) {
            return b.lr(0.1).bnExcluded(bn ? List.of() : List.of(1, 2, 3, 4));
        }
        return b.lr(0.01)
                .weightInit(WeightInit.TORCH_DEFAULT)
                .biasRemoval(BiasRemoval.LINEAR)
                .bnExcluded(bn ? List.of() : List.of(1, 2));
    }

    /** The PyTorch reference's arguments for the same network. */
    List<String> pytorchArgs() {
        List<String> args = new java.util.ArrayList<>(List.of("--model", model == ModelKind.LENET ? "lenet" : "mlp"));
        if (bn) {
            args.add("--bn");
        }
        return args;
    }
}
