package org.normsweep.trial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trials that share one training run (epoch-axis folding): they differ only in {@code epochs}, so the run trains
 * the largest epoch count once and each member's results are the run's first {@code epochs} epochs, exactly what
 * a run of its own would record. Trials whose epochs are not a prefix of a longer run (see
 * {@link TrialSpec#epochPrefixIsIndependent()}) stay alone.
 *
 * @param members the trials, fewest epochs first; the last one is trained
 */
public record TrainingGroup(List<TrialSpec> members) implements java.io.Serializable {
    public TrainingGroup {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a training group needs at least one trial");
        }
        members = members.stream()
                .sorted(Comparator.comparingInt(TrialSpec::epochs))
                .toList();
    }

    /** The trial that is actually trained: the one with the most epochs. */
    public TrialSpec leader() {
        return members.get(members.size() - 1);
    }

    /** Epochs this group trains. */
    public int epochsTrained() {
        return leader().epochs();
    }

    /**
     * Groups {@code trials} (in their order of first appearance) when {@code fold}, else one group per trial.
     * Two trials with the same epoch count are the same trial (same id) and are kept once.
     */
    public static List<TrainingGroup> plan(List<TrialSpec> trials, boolean fold) {
        Map<String, List<TrialSpec>> groups = new LinkedHashMap<>();
        for (TrialSpec t : trials) {
            String key = fold && t.epochPrefixIsIndependent()
                    ? "fold:" + t.withEpochs(1).id()
                    : "own:" + t.id();
            List<TrialSpec> members = groups.computeIfAbsent(key, k -> new ArrayList<>());
            if (members.stream().noneMatch(m -> m.id().equals(t.id()))) {
                members.add(t);
            }
        }
        return groups.values().stream().map(TrainingGroup::new).toList();
    }

    /** Epochs trained by {@code groups} in all. */
    public static int epochsTrained(List<TrainingGroup> groups) {
        return groups.stream().mapToInt(TrainingGroup::epochsTrained).sum();
    }
}
