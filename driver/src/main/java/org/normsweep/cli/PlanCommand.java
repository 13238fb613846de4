package org.normsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.normsweep.sweep.Setting;
import org.normsweep.trial.TrialSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints the trials a sweep expands to, and their count; trains nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Print the trials a sweep file expands to.")
final class PlanCommand implements Runnable {
    @Parameters(paramLabel = "SWEEP.yaml", description = "the sweep file")
    Path sweepFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        SweepInput in = SweepInput.read(sweepFile);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("sweep %s (%s)%n", in.sweep().name(), sweepFile);
        out.printf("data: %s%n", in.data().description());
        out.printf("fixed: %s%n", in.sweep().values().entrySet().stream()
                .filter(e -> e.getValue().size() == 1 && e.getKey() != Setting.DATASET_PATH)
                .map(e -> e.getKey().key() + "=" + e.getValue().get(0)).collect(Collectors.joining(", ")));
        out.printf("grid: %s%n", in.sweep().values().entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey().key() + " x" + e.getValue().size()).collect(Collectors.joining(", ")));
        out.printf("%-16s  %-6s  %-8s  %-12s  %-6s  %-6s%n", "trial_id", "model", "lr", "bn_excl", "seed", "epochs");
        List<TrialSpec> trials = in.trials();
        for (TrialSpec t : trials) {
            out.printf("%-16s  %-6s  %-8s  %-12s  %-6d  %-6d%n", t.id(), t.model().key(), t.lr(),
                    t.bnExcluded().isEmpty() ? "none" : t.bnExcluded().toString(), t.seed(), t.epochs());
        }
        int epochs = trials.stream().mapToInt(TrialSpec::epochs).sum();
        out.printf("%d trials, %d epochs to train%n", trials.size(), epochs);
        out.flush();
    }
}
