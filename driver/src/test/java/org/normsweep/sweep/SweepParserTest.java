package org.normsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.normsweep.trial.Activation;
import org.normsweep.trial.TrialSpec;

class SweepParserTest {
    private static Sweep parse(String yaml) {
        return SweepParser.parse("sweeps/x.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String yaml) {
        return assertThrows(SweepFileException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void readsFixedSettingsGridAxesAndDefaults() {
        Sweep s = parse(
                """
                name: exclusion
                fixed: {model: lenet, batch_size: 64, lr: 0.5}
                grid:
                  bn_exclude: [[], [1], [4, 2]]
                  seed: {from: 1, to: 5}
                  epochs: [2, 4, 8]
                """);
        assertEquals("exclusion", s.name());
        assertEquals(List.of(64), s.valuesOf(TrialSpec.BATCH_SIZE));
        assertEquals(List.of(0.5), s.valuesOf(TrialSpec.LR));
        assertEquals(List.of(List.of(), List.of(1), List.of(2, 4)), s.valuesOf(TrialSpec.BN_EXCLUDE));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), s.valuesOf(TrialSpec.SEED));
        assertEquals(List.of("fashion-mnist"), s.valuesOf(TrialSpec.DATASET), "default");
        assertEquals(List.of("sgd"), s.valuesOf(TrialSpec.OPTIMIZER), "default");
        assertEquals(List.of(TrialSpec.BN_EXCLUDE, TrialSpec.SEED, TrialSpec.EPOCHS), s.varyingAxes());
        assertEquals("grid.seed", s.keyOf(TrialSpec.SEED));
        assertEquals("fixed.lr", s.keyOf(TrialSpec.LR));
        assertEquals(64, s.fileHash().length());
    }

    @Test
    void badValuesNameFileKeyAndValue() {
        assertEquals(
                "sweeps/x.yaml: grid.lr[2] must be > 0, found -0.1", error("name: a\ngrid: {lr: [0.1, 0.5, -0.1]}"));
        assertEquals("sweeps/x.yaml: grid.epochs[0] must be > 0, found 0", error("name: a\ngrid: {epochs: [0]}"));
        assertEquals(
                "sweeps/x.yaml: fixed.batch_size must be > 0, found -5", error("name: a\nfixed: {batch_size: -5}"));
        assertEquals(
                "sweeps/x.yaml: grid.epochs[1] must be a whole number, found 'two'",
                error("name: a\ngrid: {epochs: [1, two]}"));
        assertEquals("sweeps/x.yaml: grid.lr[0] must be a number, found 'fast'", error("name: a\ngrid: {lr: [fast]}"));
        assertEquals(
                "sweeps/x.yaml: grid.seed is empty: a grid axis needs at least one value",
                error("name: a\ngrid: {seed: []}"));
        assertEquals(
                "sweeps/x.yaml: grid.seed[2] repeats 1: every grid value must differ",
                error("name: a\ngrid: {seed: [1, 2, 1]}"));
        assertEquals("sweeps/x.yaml: grid.lr must be a list of values, found 0.1", error("name: a\ngrid: {lr: 0.1}"));
        assertEquals(
                "sweeps/x.yaml: grid.bn_exclude[1][0] must be > 0, found 0",
                error("name: a\ngrid: {bn_exclude: [[], [0]]}"));
        assertEquals(
                "sweeps/x.yaml: fixed.optimizer must be sgd (plain SGD, the seeds' optimizer), found 'adam'",
                error("name: a\nfixed: {optimizer: adam}"));
        assertTrue(error("name: a\nfixed: {model: resnet}")
                .startsWith("sweeps/x.yaml: fixed.model: unknown model 'resnet', known: lenet"));
    }

    @Test
    void switchesParseAsGridAxesOrFixedSettings() {
        Sweep s = parse(
                """
                name: switches
                fixed: {model: mlp, activation: sigmoid, bn_impl: scratch, weight_decay: 1.0e-4,
                        early_stopping_patience: 3, validation_split: 0.2}
                grid:
                  bn_variant: [full, no_affine, freeze_gamma, freeze_beta, freeze_both, mean_only, std_only]
                  bias_removal: [none, conv, linear, all]
                  weight_init: [normal, zeros, glorot_normal, glorot_uniform, he_normal, he_uniform]
                  dropout: [0, 0.5]
                """);
        assertEquals(List.of(Activation.SIGMOID), s.valuesOf(TrialSpec.ACTIVATION));
        assertEquals(7, s.valuesOf(TrialSpec.BN_VARIANT).size());
        assertEquals(List.of(0.0, 0.5), s.valuesOf(TrialSpec.DROPOUT));
        assertEquals(List.of(1.0e-4), s.valuesOf(TrialSpec.WEIGHT_DECAY));
        assertEquals(List.of(3), s.valuesOf(TrialSpec.EARLY_STOPPING_PATIENCE));
        assertEquals(7 * 4 * 6 * 2, GridExpander.expand(s, "/d").size());
        assertEquals(
                "sweeps/x.yaml: grid.bn_variant[1]: unknown value 'affine', known: full, no_affine, freeze_gamma, "
                        + "freeze_beta, freeze_both, mean_only, std_only",
                error("name: a\ngrid: {bn_variant: [full, affine]}"));
        assertEquals("sweeps/x.yaml: fixed.dropout must be in [0, 1), found 1", error("name: a\nfixed: {dropout: 1}"));
        assertEquals(
                "sweeps/x.yaml: fixed.weight_decay must be >= 0, found -0.1",
                error("name: a\nfixed: {weight_decay: -0.1}"));
    }

    @Test
    void combinationsThatMakeNoSenseAreRefusedWhenTheFileIsRead() {
        SweepFileException lite = assertThrows(
                SweepFileException.class,
                () -> GridExpander.expand(parse("name: a\ngrid: {bn_variant: [full, mean_only]}"), "/d"));
        assertTrue(
                lite.getMessage().startsWith("sweeps/x.yaml: bn_variant mean_only needs bn_impl: scratch"),
                lite.getMessage());
        assertTrue(lite.getMessage().contains("bn_variant=mean_only"), lite.getMessage());
        SweepFileException mlp = assertThrows(
                SweepFileException.class,
                () -> GridExpander.expand(parse("name: a\nfixed: {model: mlp}\ngrid: {bn_exclude: [[], [3]]}"), "/d"));
        assertEquals(
                "sweeps/x.yaml: grid.bn_exclude[1] names BN layer 3, but mlp has BN layers 1..2, found [3]",
                mlp.getMessage());
        SweepFileException stop = assertThrows(
                SweepFileException.class,
                () -> GridExpander.expand(parse("name: a\nfixed: {early_stopping_patience: 2}"), "/d"));
        assertTrue(stop.getMessage().contains("needs a validation_split > 0"), stop.getMessage());
    }

    @Test
    void unknownKeysSuggestTheNearestKnownOne() {
        assertEquals(
                "sweeps/x.yaml: grid.learning_rat is not a known setting; did you mean 'lr'?",
                error("name: a\ngrid: {learning_rat: [0.1]}"));
        assertEquals(
                "sweeps/x.yaml: grid.epoch is not a known setting; did you mean 'epochs'?",
                error("name: a\ngrid: {epoch: [1]}"));
        assertEquals(
                "sweeps/x.yaml: unknown key 'grids' (known: name, description, fixed, grid)",
                error("name: a\ngrids: {epochs: [1]}"));
    }

    @Test
    void structuralProblems() {
        assertTrue(error("name: a\ngrid: {lr: [0.1\n").startsWith("sweeps/x.yaml: not valid YAML:"));
        assertTrue(error("- just\n- a list\n").contains("the file must be a YAML mapping"));
        assertTrue(error("grid: {lr: [0.1]}").contains("name must be letters"));
        assertEquals(
                "sweeps/x.yaml: lr is given under both fixed and grid; keep one",
                error("name: a\nfixed: {lr: 0.1}\ngrid: {lr: [0.2]}"));
        assertEquals(
                "sweeps/x.yaml: grid.dataset: dataset cannot vary within a sweep; move it to fixed",
                error("name: a\ngrid: {dataset: [a, b]}"));
        assertEquals(
                "sweeps/x.yaml: grid.seed as a range must have exactly the keys from and to, found [from]",
                error("name: a\ngrid: {seed: {from: 1}}"));
    }

    @Test
    void yamlCannotConstructArbitraryTypes() {
        String message = error("name: a\nfixed: {dataset: !!java.io.File [\"/etc\"]}");
        assertTrue(message.startsWith("sweeps/x.yaml: not valid YAML:"), message);
    }

    @Test
    void editDistanceFindsCloseKeys() {
        assertEquals(0, SweepParser.editDistance("lr", "lr"));
        assertEquals(1, SweepParser.editDistance("seeds", "seed"));
        assertEquals("batch_size", SweepParser.nearestKey("batchsize"));
    }
}
