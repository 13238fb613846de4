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
        assertEquals(
                "sweeps/x.yaml: not valid YAML: line 2, column 18: Global tag is not allowed:"
                        + " tag:yaml.org,2002:java.io.File",
                error("name: a\nfixed: {dataset: !!java.io.File [\"/etc\"]}"),
                "SnakeYAML itself refuses class tags");
    }

    private static final String LAST_WINS = "; YAML would silently keep only the last";

    @Test
    void duplicateKeysAtAnyLevelNameTheKeyAndBothLines() {
        assertEquals(
                "sweeps/x.yaml: duplicate key 'grid' at line 4 (first at line 2)" + LAST_WINS,
                error("name: a\ngrid: {seed: [1, 2]}\nfixed: {model: mlp}\ngrid: {seed: [3]}\n"));
        assertEquals(
                "sweeps/x.yaml: duplicate key 'fixed.lr' at line 4 (first at line 3)" + LAST_WINS,
                error("name: a\nfixed:\n  lr: 0.1\n  lr: 0.2\n"));
        assertEquals(
                "sweeps/x.yaml: duplicate key 'fixed.lr' at line 2 (first at line 2)" + LAST_WINS,
                error("name: a\nfixed: {lr: 0.1, \"lr\": 0.2}"),
                "quoted or not, the same key");
        assertEquals(
                "sweeps/x.yaml: duplicate key 'grid.seed.from' at line 3 (first at line 2)" + LAST_WINS,
                error("name: a\ngrid: {seed: {from: 1,\n  from: 2, to: 3}}"));
        assertEquals(
                "sweeps/x.yaml: duplicate key 'grid.bn_exclude[1].x' at line 5 (first at line 5)" + LAST_WINS,
                error("name: a\ngrid:\n  bn_exclude:\n    - []\n    - {x: 1, x: 2}\n"));
    }

    @Test
    void mergeKeysAreRefusedAndAliasesAreCopies() {
        assertEquals(
                "sweeps/x.yaml: grid has a merge key '<<' (line 4): the keys beside it would silently override what it"
                        + " merges; write the settings out",
                error("name: a\ndescription: &axes {lr: [0.1, 0.2], seed: [1, 2]}\ngrid:\n  <<: *axes\n  lr: [0.5]\n"));
        Sweep aliased = parse("name: a\ngrid: {lr: &values [0.1, 0.2], momentum: *values}");
        assertEquals(List.of(0.1, 0.2), aliased.valuesOf(TrialSpec.MOMENTUM));
        assertEquals(
                "sweeps/x.yaml: grid.bn_exclude[1] (line 2) is an alias of a value that contains it",
                error("name: a\ngrid: {bn_exclude: &x [[1], *x]}"));
    }

    @Test
    void aSweepFileIsOneDocument() {
        assertEquals(
                "sweeps/x.yaml: a second YAML document starts at line 4 (after '---'); a sweep file is one document",
                error("name: a\ngrid: {seed: [1]}\n---\nname: b\ngrid: {seed: [2]}\n"));
        assertEquals("a", parse("---\nname: a\n").name(), "one document may start with ---");
    }

    @Test
    void scalarsThatYamlReadsAsSomethingElseAreRefused() {
        String decimal = "; write numbers in plain decimal";
        assertEquals(
                "sweeps/x.yaml: grid.seed[1] is 010 (line 2), which YAML reads as the number 8" + decimal,
                error("name: a\ngrid: {seed: [7, 010]}"));
        assertEquals(
                "sweeps/x.yaml: fixed.seed is 0x10 (line 2), which YAML reads as the number 16" + decimal,
                error("name: a\nfixed: {seed: 0x10}"));
        assertEquals(
                "sweeps/x.yaml: fixed.train_limit is 1_000 (line 2), which YAML reads as the number 1000" + decimal,
                error("name: a\nfixed: {train_limit: 1_000}"));
        assertEquals(
                "sweeps/x.yaml: fixed.seed is 1:30 (line 3), which YAML reads as the number 90" + decimal,
                error("name: a\nfixed:\n  seed: 1:30\n"));
        assertEquals(
                "sweeps/x.yaml: fixed.lr is .inf (line 2), which YAML reads as the number Infinity" + decimal,
                error("name: a\nfixed: {lr: .inf}"));
        assertEquals(
                "sweeps/x.yaml: fixed.lr_schedule is off (line 2), which YAML reads as the boolean false; quote it"
                        + " ('off') if you mean the word",
                error("name: a\nfixed: {lr_schedule: off}"));
        assertEquals(
                "sweeps/x.yaml: fixed has the key on (line 2), which YAML reads as the boolean true; quote it ('on')"
                        + " if you mean the word",
                error("name: a\nfixed: {on: 1}"));
        assertEquals(
                "sweeps/x.yaml: fixed.dataset is 2026-12-02 (line 2), which YAML reads as a date; quote it"
                        + " ('2026-12-02') if you mean the text",
                error("name: a\nfixed: {dataset: 2026-12-02}"));
        assertEquals("sweeps/x.yaml: fixed.lr must be a number, found true", error("name: a\nfixed: {lr: true}"));
        assertEquals(
                "sweeps/x.yaml: fixed.seed must be a whole number, found '0o7'", error("name: a\nfixed: {seed: 0o7}"));
        assertEquals(
                "sweeps/x.yaml: fixed.lr must be a finite number, found Infinity",
                error("name: a\nfixed: {lr: 1e400}"));
    }

    @Test
    void exponentsWithOrWithoutAPointAreTheSameNumber() {
        assertEquals(
                List.of(0.001, 0.5), parse("name: a\ngrid: {lr: [1e-3, 0.5]}").valuesOf(TrialSpec.LR));
        assertEquals(
                List.of(0.001, 0.5),
                parse("name: a\ngrid: {lr: [1.0e-3, 5E-1]}").valuesOf(TrialSpec.LR));
        assertEquals(
                "sweeps/x.yaml: grid.lr[1] repeats 0.001: every grid value must differ",
                error("name: a\ngrid: {lr: [1e-3, 1.0e-3]}"));
    }

    @Test
    void tagsAreRefusedEvenWhereTheyWouldWork() {
        assertEquals(
                "sweeps/x.yaml: grid has the YAML tag !!omap (line 2); sweep files take plain values, without tags",
                error("name: a\ngrid: !!omap\n  - lr: [0.1]\n  - lr: [0.2]\n"));
        assertEquals(
                "sweeps/x.yaml: fixed.seed has the YAML tag !!str (line 2); sweep files take plain values, without tags",
                error("name: a\nfixed: {seed: !!str 7}"));
        assertEquals(
                "sweeps/x.yaml: grid.seed has the YAML tag !!set (line 2); sweep files take plain values, without tags",
                error("name: a\ngrid: {seed: !!set {1, 2}}"));
    }

    @Test
    void emptySectionsAndValuesAreRefused() {
        assertEquals(
                "sweeps/x.yaml: grid is empty (nothing after 'grid:'); give its settings or remove the key",
                error("name: a\ngrid:\n"));
        assertEquals("sweeps/x.yaml: fixed.lr must be a number, found nothing", error("name: a\nfixed:\n  lr:\n"));
        assertEquals(
                "sweeps/x.yaml: grid.seed must be a list of values or {from: A, to: B}, found nothing",
                error("name: a\ngrid:\n  seed:\n"));
        assertEquals(
                "sweeps/x.yaml: grid.seed[1] must be a whole number, found nothing",
                error("name: a\ngrid: {seed: [1, ~]}"));
    }

    @Test
    void keysDifferingByCaseOrDashAreUnknown() {
        assertEquals(
                "sweeps/x.yaml: fixed.LR is not a known setting; did you mean 'lr'?",
                error("name: a\nfixed: {LR: 0.1}"));
        assertEquals(
                "sweeps/x.yaml: grid.batch-size is not a known setting; did you mean 'batch_size'?",
                error("name: a\ngrid: {batch-size: [64]}"));
        assertEquals(
                "sweeps/x.yaml: unknown key 'Grid' (known: name, description, fixed, grid)",
                error("name: a\nGrid: {lr: [0.1]}"));
    }

    @Test
    void tabsAndKeysThatAreNotNames() {
        String tab = error("name: a\ngrid:\n\tlr: [0.1]\n");
        assertTrue(tab.startsWith("sweeps/x.yaml: not valid YAML: line 3, column 1: found character"), tab);
        assertTrue(tab.contains("TAB"), tab);
        assertEquals(
                "sweeps/x.yaml: fixed has a key that is a list (line 2); keys are plain names",
                error("name: a\nfixed: {[lr]: 0.1}"));
    }

    @Test
    void editDistanceFindsCloseKeys() {
        assertEquals(0, SweepParser.editDistance("lr", "lr"));
        assertEquals(1, SweepParser.editDistance("seeds", "seed"));
        assertEquals("batch_size", SweepParser.nearestKey("batchsize"));
    }
}
