package org.normsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrainingGroup;
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
        List<TrialSpec> trials = in.trials();
        List<Setting<?>> varying = in.sweep().varyingAxes();
        out.printf("sweep %s (%s)%n", in.sweep().name(), sweepFile);
        out.printf("data: %s%n", in.data().description());
        out.printf(
                "fixed: %s%n",
                TrialSpec.SETTINGS.stream()
                        .filter(s -> !varying.contains(s) && s != TrialSpec.DATASET_PATH)
                        .map(s -> s.key() + "=" + s.textIn(trials.get(0)))
                        .collect(Collectors.joining(", ")));
        out.printf(
                "grid: %s%n",
                varying.isEmpty()
                        ? "(none)"
                        : varying.stream()
                                .map(s ->
                                        s.key() + " x" + in.sweep().valuesOf(s).size())
                                .collect(Collectors.joining(" * ")));

        List<Setting<?>> columns =
                varying.isEmpty() ? List.of(TrialSpec.LR, TrialSpec.SEED, TrialSpec.EPOCHS) : varying;
        List<String> header = new ArrayList<>(List.of("trial_id"));
        columns.forEach(s -> header.add(s.key()));
        List<List<String>> rows = new ArrayList<>();
        for (TrialSpec t : trials) {
            List<String> row = new ArrayList<>(List.of(t.id()));
            columns.forEach(s -> row.add(s.textIn(t)));
            rows.add(row);
        }
        printTable(out, header, rows);
        int epochs = trials.stream().mapToInt(TrialSpec::epochs).sum();
        List<TrainingGroup> folded = TrainingGroup.plan(trials, true);
        out.printf(
                "%d trials, %d epochs to train with epoch-axis folding (%d training runs), %d without (--no-fold)%n",
                trials.size(), TrainingGroup.epochsTrained(folded), folded.size(), epochs);
        out.flush();
    }

    private static void printTable(PrintWriter out, List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                line.append(String.format("%-" + width[c] + "s", row.get(c)));
                if (c < width.length - 1) {
                    line.append("  ");
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
