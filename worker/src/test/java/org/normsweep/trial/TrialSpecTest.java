package org.normsweep.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrialSpecTest {
    private static TrialSpec spec(String path, double lr, List<Integer> excluded, long seed) {
        return TrialSpec.builder(ModelKind.LENET, new DatasetSpec("fashion-mnist", path, 0, 0))
                .lr(lr)
                .bnExcluded(excluded)
                .seed(seed)
                .epochs(2)
                .build();
    }

    @Test
    void idIsAStableContentHash() {
        TrialSpec a = spec("/data/x", 0.1, List.of(2, 1), 3);
        // The canonical text is part of the contract: a change here changes every stored id.
        assertEquals(
                "schema=v3;model=lenet;activation=sigmoid;dataset=fashion-mnist;train_limit=0;test_limit=0;"
                        + "batch_size=128;optimizer=sgd;lr=0.1;lr_schedule=constant;bn_excluded=[1,2];bn_variant=full;"
                        + "bn_impl=dl4j;kernels=fast;bias_removal=none;weight_init=glorot_uniform;weight_decay=0.0;dropout=0.0;patience=0;"
                        + "validation_split=0.0;seed=3;epochs=2;probe_size=128",
                a.canonicalText());
        assertEquals(16, a.id().length());
        assertEquals(a.id(), spec("/data/x", 0.1, List.of(1, 2), 3).id());
        assertEquals(
                a.id(), spec("/elsewhere", 0.1, List.of(1, 2, 2), 3).id(), "the path is a location, not a setting");
        assertNotEquals(a.id(), spec("/data/x", 0.2, List.of(1, 2), 3).id());
        assertNotEquals(a.id(), spec("/data/x", 0.1, List.of(1), 3).id());
        assertNotEquals(a.id(), spec("/data/x", 0.1, List.of(1, 2), 4).id());
        // A setting added after schema v3 joins the text only when set, so every older id stays.
        TrialSpec withMomentum = a.toBuilder().set(TrialSpec.MOMENTUM, 0.9).build();
        assertEquals(a.canonicalText() + ";momentum=0.9", withMomentum.canonicalText());
        assertEquals(a.id(), a.toBuilder().set(TrialSpec.MOMENTUM, 0.0).build().id());
    }

    @Test
    void checksItself() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec("/d", 0.1, List.of(5), 1));
        assertEquals("BN layer 5 does not exist in lenet (its BN layers are 1..4)", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> spec("/d", -0.1, List.of(), 1))
                .getMessage()
                .contains("lr must be > 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> spec("/d", Double.NaN, List.of(), 1))
                .getMessage()
                .contains("lr must be > 0"));
        TrialSpec.Builder b = TrialSpec.builder(ModelKind.LENET, new DatasetSpec("d", "/d", 0, 0));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> b.batchSize(0).build())
                .getMessage()
                .contains("batch_size must be > 0"));
        TrialSpec.Builder lite = TrialSpec.builder(ModelKind.LENET, new DatasetSpec("d", "/d", 0, 0))
                .bnVariant(BnVariant.MEAN_ONLY);
        assertTrue(assertThrows(IllegalArgumentException.class, lite::build)
                .getMessage()
                .startsWith("bn_variant mean_only needs bn_impl: scratch"));
        lite.bnImpl(BnImpl.SCRATCH).build();
        TrialSpec.Builder stop = TrialSpec.builder(ModelKind.MLP, new DatasetSpec("d", "/d", 0, 0))
                .patience(2);
        assertEquals(
                "early_stopping_patience 2 needs a validation_split > 0 to watch",
                assertThrows(IllegalArgumentException.class, stop::build).getMessage());
        assertEquals(
                "BN layer 3 does not exist in mlp (its BN layers are 1..2)",
                assertThrows(IllegalArgumentException.class, () -> TrialSpec.builder(
                                        ModelKind.MLP, new DatasetSpec("d", "/d", 0, 0))
                                .bnExcluded(List.of(3))
                                .build())
                        .getMessage());
        assertEquals(Activation.RELU, stop.validationSplit(0.1).build().activation(), "the MLP's default");
    }

    @Test
    void bnLayersPresentCountsWhatIsLeft() {
        assertEquals(4, spec("/d", 0.1, List.of(), 1).bnLayersPresent());
        assertEquals(0, spec("/d", 0.1, List.of(1, 2, 3, 4), 1).bnLayersPresent());
        assertTrue(spec("/d", 0.1, List.of(3), 1).hasBn(2));
    }
}
