package org.normsweep.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.normsweep.result.Divergence.Quantity;
import org.normsweep.testing.Specs;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/** The DIVERGED message names the step, layer and quantity, and what to try. */
class DivergenceTest {
    private static TrialSpec lenet(List<Integer> excluded) {
        return Specs.lenet(Path.of("/d"), 4.0, excluded, 1, 10);
    }

    @Test
    void namesWhereAndWhenAndSuggestsTheMissingBnLayer() {
        assertEquals(
                "activations of conv2 became NaN or infinite at epoch 2, step 57 (diverged_quantity activation,"
                        + " diverged_layer conv2); try a lower lr (now 4.0), gradient clipping, or BN layer 2 in conv2's"
                        + " block (bn_exclude [1, 2, 3, 4] removed it)",
                new Divergence(2, 57, "conv2", Quantity.ACTIVATION).message(lenet(List.of(1, 2, 3, 4))));
        assertEquals(
                "gradients of fc1's parameters became NaN or infinite at epoch 1, step 3 (diverged_quantity gradient,"
                        + " diverged_layer fc1); try a lower lr (now 4.0), gradient clipping (BN layer 3 is already in"
                        + " fc1's block)",
                new Divergence(1, 3, "fc1", Quantity.GRADIENT).message(lenet(List.of(1))));
        assertEquals(
                "training loss (out) became NaN or infinite at epoch 1, step 0 (diverged_quantity loss,"
                        + " diverged_layer out); try a lower lr (now 4.0), gradient clipping",
                new Divergence(1, 0, "out", Quantity.LOSS).message(lenet(List.of())));
    }

    @Test
    void layersBelongToTheirModelsBnBlocks() {
        assertEquals(
                List.of(1, 1, 1, 2, 3, 4, 0),
                List.of("conv1", "act1", "pool1", "bn2", "fc1", "fc2", "out").stream()
                        .map(l -> Divergence.bnLayerOf(ModelKind.LENET, l))
                        .toList());
        assertEquals(
                List.of(1, 2, 2, 0),
                List.of("fc1", "fc2", "act2", "out").stream()
                        .map(l -> Divergence.bnLayerOf(ModelKind.MLP, l))
                        .toList());
        assertEquals("weight", Quantity.WEIGHT.column());
    }
}
