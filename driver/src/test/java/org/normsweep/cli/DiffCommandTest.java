package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.EpochRecord;
import org.normsweep.result.Provenance;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.results.ResultTables;
import org.normsweep.results.ResultWriter;
import org.normsweep.testing.ChildProcesses;
import org.normsweep.testing.Cli;
import org.normsweep.testing.SampleResults;
import org.normsweep.testing.SparkTestBase;

/**
 * {@code diff}: a bit-identical re-run moves nothing (exit 0), a changed number is named with its trial (exit 3), and
 * runs that are not there or cannot be compared are bad input (exit 2). Nothing is written under the results.
 */
class DiffCommandTest extends SparkTestBase {
    static final Path ROOT =
            Path.of(System.getProperty("normsweep.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void anIdenticalReRunMovesNothingAndDiffWritesNothing() throws IOException {
        Path sweep = ChildProcesses.mlpSweepOnSample(dir.resolve("twice.yaml"), "twice", ROOT, 256, 2);
        Path results = dir.resolve("results");
        String[] run = {"run", sweep.toString(), "--results", results.toString(), "--master", "local[2]"};
        Cli.Result first = Cli.run(run);
        assertEquals(0, first.exitCode(), first.err());
        Cli.Result again =
                Cli.run(Stream.concat(Stream.of(run), Stream.of("--rerun-all")).toArray(String[]::new));
        assertEquals(0, again.exitCode(), again.err());
        List<String> runs = spark()
                .read()
                .parquet(results.resolve("trials").toString())
                .select("run_id")
                .distinct()
                .orderBy("run_id")
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .toList();
        assertEquals(2, runs.size(), runs.toString());
        Map<String, String> before = listing(results);

        Cli.Result diff = diff(results, "--sweep", "twice");
        assertEquals(0, diff.exitCode(), diff.out() + diff.err());
        assertTrue(
                diff.out()
                        .contains("normsweep: run " + runs.get(1) + " against each trial's previous attempt (run "
                                + runs.get(0) + "): 2 trial(s) compared\n"),
                diff.out());
        assertTrue(
                diff.out()
                        .contains("normsweep: nothing moved (accuracy 0.005 absolute, loss 0.001 and magnitudes"
                                + " 0.001 relative)\n"),
                diff.out());
        assertFalse(diff.out().contains("provenance"), "same threads, code and JVM: " + diff.out());

        Cli.Result exact = diff(
                results,
                "--run",
                runs.get(1),
                "--against",
                runs.get(0),
                "--acc-tol",
                "0",
                "--loss-rtol",
                "0",
                "--magnitude-rtol",
                "0");
        assertEquals(0, exact.exitCode(), "bit-identical: " + exact.out() + exact.err());
        assertEquals(before, listing(results), "diff writes nothing under the results");
    }

    @Test
    void aChangedNumberIsNamedWithItsTrialAndExitsThree() {
        TrialResult r = SampleResults.completed();
        write("run-1", r);
        write("run-2", r);
        write("run-3", changed(r), SampleResults.failed());
        String who = r.spec().id() + " " + r.spec().label() + ": ";

        Cli.Result moved = diff(dir);
        assertEquals(DiffCommand.MOVED, moved.exitCode(), moved.out() + moved.err());
        assertEquals(
                List.of(
                        "normsweep: run run-3 against each trial's previous attempt (run run-2): 1 trial(s) compared,"
                                + " 1 without an earlier attempt",
                        "normsweep: provenance: threads 1 -> 2 (1 trial(s))",
                        who + "final_test_accuracy 0.5 -> 0.45 (-0.05)",
                        who + "epoch 1 test_accuracy 0.5 -> 0.45 (-0.05)",
                        who + "activations epoch 0 conv2 post mean_abs_grad 0.001 -> 0.0011 (+10%)",
                        "normsweep: 3 quantities moved in 1 of 1 trial(s) (accuracy 0.005 absolute, loss 0.001 and"
                                + " magnitudes 0.001 relative)"),
                diffLines(moved.out()),
                "the mean_abs within 1e-3 stays out");

        Cli.Result loose = diff(dir, "--acc-tol", "0.06", "--magnitude-rtol", "0.2");
        assertEquals(0, loose.exitCode(), loose.out());
        assertTrue(loose.out().contains("normsweep: nothing moved (accuracy 0.06 absolute"), loose.out());
        assertEquals(0, diff(dir, "--run", "run-2", "--against", "run-1").exitCode());
        assertEquals(0, diff(dir, "--run", "run-2").exitCode(), "run-2 against its previous attempt, run-1");
        assertEquals(
                DiffCommand.MOVED,
                diff(dir, "--against", "run-1", "--sweep", "s").exitCode());

        Cli.Result capped = diff(dir, "--max-lines", "1");
        assertEquals(DiffCommand.MOVED, capped.exitCode());
        assertTrue(capped.out().contains("\n... and 2 more (--max-lines)\n"), capped.out());

        // The trial FAILED next: its status and summary move, and its rows are gone.
        write("run-4", failedLike(r));
        Cli.Result failed = diff(dir);
        assertEquals(DiffCommand.MOVED, failed.exitCode(), failed.out());
        List<String> lines = diffLines(failed.out());
        assertTrue(lines.contains(who + "status COMPLETED -> FAILED"), failed.out());
        assertTrue(lines.contains(who + "epochs_trained 2 -> 0"), failed.out());
        assertTrue(lines.contains(who + "final_test_accuracy 0.45 -> NaN"), failed.out());
        assertTrue(lines.contains(who + "epochs 2 row(s) only in the old attempt"), failed.out());
        assertTrue(lines.contains(who + "activations 2 row(s) only in the old attempt"), failed.out());
    }

    @Test
    void unknownRunsAndNothingToCompareAreBadInput() {
        TrialResult r = SampleResults.completed();
        write("run-1", r);
        bad(
                diff(dir),
                "normsweep: nothing to compare: none of the 1 trial(s) of run run-1 has an earlier attempt"
                        + " (fewer than two attempts each; re-run them with `run --rerun-all`, or name two runs with --run"
                        + " and --against)");
        write("run-2", r);
        bad(
                diff(dir, "--run", "nope"),
                "normsweep: --run nope: no such run under " + dir + " (latest runs: run-2, run-1)");
        bad(diff(dir, "--against", "run-0"), "normsweep: --against run-0: no such run under " + dir);
        bad(diff(dir, "--run", "run-2", "--against", "run-2"), "normsweep: --run and --against name the same run");
        bad(diff(dir, "--run", "x' OR '1'='1"), "normsweep: --run x' OR '1'='1: no such run under " + dir);
        bad(diff(dir, "--sweep", "s' OR '1'='1"), "normsweep: no trials of sweep s' OR '1'='1 under " + dir);
        bad(diff(dir, "--sweep", "other"), "normsweep: no trials of sweep other under " + dir);
        bad(diff(dir, "--acc-tol", "-1"), "normsweep: --acc-tol, --loss-rtol and --magnitude-rtol must be numbers");
        bad(diff(dir.resolve("nothing-here")), "normsweep: no trials under " + dir.resolve("nothing-here"));
        write("run-3", SampleResults.failed());
        bad(
                diff(dir, "--run", "run-3", "--against", "run-1"),
                "normsweep: runs run-3 and run-1 have no trial in common");
    }

    private void write(String runId, TrialResult... results) {
        new ResultWriter(spark(), dir.toString(), new ResultTables.RunContext("s", runId, "h"))
                .append(List.of(results));
    }

    private static Cli.Result diff(Path results, String... options) {
        List<String> args = new ArrayList<>(List.of("diff", "--results", results.toString(), "--master", "local[1]"));
        args.addAll(List.of(options));
        return Cli.run(args.toArray(String[]::new));
    }

    private static void bad(Cli.Result r, String message) {
        assertEquals(Main.BAD_INPUT, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    /** The lines diff prints (Spark's own output aside). */
    private static List<String> diffLines(String out) {
        return out.lines()
                .filter(l -> l.startsWith("normsweep: ") || l.matches("[0-9a-f]{16} .*"))
                .toList();
    }

    /** Every file under {@code dir} with its size and modification time. */
    private static Map<String, String> listing(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.toList()) {
                out.put(dir.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

    /**
     * {@code r} with epoch 1's (the reported epoch's) test accuracy 0.5 -> 0.45, one gradient magnitude up 10%, one
     * activation magnitude up 2e-7 (within the default 1e-3), and trained on 2 threads.
     */
    private static TrialResult changed(TrialResult r) {
        TrialResult.Probes p = r.probes();
        List<EpochRecord> epochs = new ArrayList<>(p.epochs());
        EpochRecord e = epochs.get(0);
        epochs.set(
                0,
                new EpochRecord(
                        e.epoch(),
                        e.trainLoss(),
                        e.testLoss(),
                        0.45,
                        e.testAccuracyTrainMode(),
                        e.valLoss(),
                        e.valAccuracy(),
                        e.seconds(),
                        e.evalSeconds(),
                        e.probeSeconds()));
        List<ActivationRecord> acts = new ArrayList<>();
        for (ActivationRecord a : p.activations()) {
            boolean post = a.position().equals("post");
            acts.add(new ActivationRecord(
                    a.epoch(),
                    a.layer(),
                    a.layerName(),
                    a.position(),
                    post ? a.meanAbs() : a.meanAbs() + 1e-7,
                    a.meanSq(),
                    a.std(),
                    a.saturatedFraction(),
                    post ? 1.1e-3 : a.meanAbsGrad()));
        }
        Provenance v = r.provenance();
        return new TrialResult(
                r.spec(),
                r.status(),
                r.error(),
                r.wallSeconds(),
                r.host(),
                r.startMillis(),
                r.endMillis(),
                new Provenance(
                        v.codeVersion(),
                        v.dl4jVersion(),
                        v.javaVersion(),
                        v.os(),
                        v.backend(),
                        2,
                        v.device(),
                        v.trainedBy(),
                        v.kernelPath()),
                new TrialResult.Probes(epochs, p.steps(), acts, p.histograms(), p.bnParams(), p.classAccuracy()));
    }

    /** {@code r}'s trial FAILED: no rows but its {@code trials} row. */
    private static TrialResult failedLike(TrialResult r) {
        return new TrialResult(
                r.spec(),
                TrialStatus.FAILED,
                "boom",
                0,
                r.host(),
                r.startMillis(),
                r.endMillis(),
                r.provenance(),
                TrialResult.Probes.none());
    }
}
