package org.normsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.normsweep.trial.TrialSpec;

class GridExpanderTest {
    private static Sweep parse(String yaml) {
        return SweepParser.parse("s.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void expandsToTheCartesianProductWithDistinctStableIds() {
        Sweep sweep = parse(
                """
                name: q3
                grid:
                  lr: [0.1, 1.0]
                  bn_exclude: [[], [1], [2], [3], [4]]
                  seed: {from: 1, to: 5}
                  epochs: [2, 4, 8]
                """);
        List<TrialSpec> trials = GridExpander.expand(sweep, "/data");
        assertEquals(2 * 5 * 5 * 3, trials.size());
        assertEquals(150, GridExpander.count(sweep));
        assertEquals(150, new HashSet<>(trials.stream().map(TrialSpec::id).toList()).size());
        // Settings vary in declaration order, the last (epochs) fastest.
        assertEquals(
                List.of(2, 4, 8),
                trials.subList(0, 3).stream().map(TrialSpec::epochs).toList());
        TrialSpec first = trials.get(0);
        assertEquals(0.1, first.lr());
        assertEquals(List.of(), first.bnExcluded());
        assertEquals(1L, first.seed());
        assertEquals(128, first.batchSize());
        assertEquals("/data", first.dataset().path());
        assertEquals(
                trials.stream().map(TrialSpec::id).toList(),
                GridExpander.expand(
                                parse(
                                        "name: other-name\n"
                                                + """
                        grid:
                          lr: [0.1, 1.0]
                          bn_exclude: [[], [1], [2], [3], [4]]
                          seed: {from: 1, to: 5}
                          epochs: [2, 4, 8]
                        """),
                                "/mnt/elsewhere")
                        .stream()
                        .map(TrialSpec::id)
                        .toList(),
                "ids depend on settings only, not the sweep's name or the data's location");
    }

    @Test
    void momentumIsAGridAxis() {
        List<TrialSpec> trials = GridExpander.expand(parse("name: m\ngrid: {momentum: [0, 0.9]}"), "/d");
        assertEquals(List.of(0.0, 0.9), trials.stream().map(TrialSpec::momentum).toList());
        assertEquals(2, new HashSet<>(trials.stream().map(TrialSpec::id).toList()).size());
        assertEquals(
                GridExpander.expand(parse("name: m"), "/d").get(0).id(),
                trials.get(0).id(),
                "momentum 0 is the trial of before");
    }

    @Test
    void aSweepWithNoGridIsOneTrial() {
        List<TrialSpec> trials = GridExpander.expand(parse("name: one"), "/d");
        assertEquals(1, trials.size());
        assertEquals(0.1, trials.get(0).lr());
        assertEquals(1, trials.get(0).epochs());
    }

    @Test
    void bnLayerPastTheModelsCountIsRefusedByKey() {
        SweepFileException e = assertThrows(
                SweepFileException.class,
                () -> GridExpander.expand(parse("name: a\ngrid: {bn_exclude: [[], [1, 5]]}"), "/d"));
        assertEquals(
                "s.yaml: grid.bn_exclude[1] names BN layer 5, but lenet has BN layers 1..4, found [1, 5]",
                e.getMessage());
    }
}
