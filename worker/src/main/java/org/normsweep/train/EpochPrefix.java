package org.normsweep.train;

import java.util.ArrayList;
import java.util.List;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.trial.TrainingGroup;
import org.normsweep.trial.TrialSpec;

/**
 * The results of a shorter trial cut from a longer run of the same trial (epoch-axis folding): every row of the
 * first {@code epochs} epochs, and the summary a run of its own would have reported. Valid because epoch e trains
 * the same in both (see {@link TrialSpec#epochPrefixIsIndependent()}).
 */
public final class EpochPrefix {
    private EpochPrefix() {}

    /** Runs {@code group}'s leader on its dataset (this JVM's cache) and returns one result per member. */
    public static List<TrialResult> runGroup(TrainingGroup group, int threads, String device) {
        return split(group, TrialRunner.run(group.leader(), threads, device));
    }

    /** As {@link #runGroup(TrainingGroup, int, String)}, telling {@code progress} of each of the leader's epochs. */
    public static List<TrialResult> runGroup(
            TrainingGroup group, int threads, String device, TrainingProgress progress) {
        TrialSpec leader = group.leader();
        return split(group, TrialRunner.run(leader, threads, device, TrialRunner.cachedSplits(leader), progress));
    }

    /** As {@link #runGroup(TrainingGroup, int, String)}, on the splits {@code data} supplies. */
    public static List<TrialResult> runGroup(
            TrainingGroup group, int threads, String device, TrialRunner.SplitSource data) {
        return split(group, TrialRunner.run(group.leader(), threads, device, data));
    }

    /** One result per member of {@code group}, fewest epochs first, cut from the leader's {@code full} run. */
    private static List<TrialResult> split(TrainingGroup group, TrialResult full) {
        List<TrialResult> out = new ArrayList<>();
        for (TrialSpec member : group.members()) {
            out.add(member.equals(group.leader()) ? full : of(full, member));
        }
        return out;
    }

    /** {@code member}'s results, taken from {@code full}, the run of the same trial with at least as many epochs. */
    public static TrialResult of(TrialResult full, TrialSpec member) {
        if (!full.spec().withEpochs(member.epochs()).equals(member)) {
            throw new IllegalArgumentException("trial " + member.id() + " is not an epoch prefix of "
                    + full.spec().id());
        }
        int k = member.epochs();
        TrialResult.Probes probes = full.probes().upToEpoch(k);
        List<EpochRecord> epochs = probes.epochs();
        // The member ended normally if the run did, or if the run got past the member's last epoch.
        boolean done = full.status() == TrialStatus.COMPLETED || full.epochs().size() >= k;
        double allEpochSeconds =
                full.epochs().stream().mapToDouble(EpochRecord::seconds).sum();
        double keptSeconds = epochs.stream().mapToDouble(EpochRecord::seconds).sum();
        double wall = done
                ? Math.min(full.wallSeconds(), full.wallSeconds() - allEpochSeconds + keptSeconds)
                : full.wallSeconds();
        return new TrialResult(
                member,
                done ? TrialStatus.COMPLETED : full.status(),
                done ? null : full.error(),
                wall,
                full.host(),
                full.startMillis(),
                full.startMillis() + Math.round(wall * 1000),
                full.provenance(),
                probes,
                done ? null : full.divergence());
    }
}
