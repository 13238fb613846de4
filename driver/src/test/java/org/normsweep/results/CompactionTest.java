package org.normsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.result.TrialResult;
import org.normsweep.testing.SampleResults;
import org.normsweep.testing.SparkTestBase;

/**
 * Compaction merges a table's small files into one, and no reader ever sees a row twice or not at all: not while it
 * runs, not after it stopped half way, and plain Spark readers once it is done.
 */
class CompactionTest extends SparkTestBase {
    private static final int RUNS = 4;

    @TempDir
    Path dir;

    private Map<String, Long> before;

    @BeforeEach
    void writeRuns() {
        for (int i = 1; i <= RUNS; i++) {
            ResultWriter w =
                    new ResultWriter(spark(), dir.toString(), new ResultTables.RunContext("s", "run-" + i, "h"));
            w.appendPlan(List.of("a", "b"));
            TrialResult ok = SampleResults.completed();
            w.append(List.of(ok));
            w.append(List.of(SampleResults.failed()));
        }
        before = counts();
        assertEquals(2L * RUNS, before.get("trials_all"));
    }

    /** Rows in the views {@code sql} and {@code report} register: raw and one-attempt, of a trial and of a run. */
    private Map<String, Long> counts() {
        ResultViews.register(spark(), dir.toString());
        Map<String, Long> out = new LinkedHashMap<>();
        for (String view : List.of("plans_all", "trials_all", "trials", "steps_all", "steps", "bn_params_all")) {
            out.put(view, (Long) scalar("SELECT count(*) FROM " + view));
        }
        out.put("distinct trials rows", (Long) scalar("SELECT count(DISTINCT run_id, trial_id) FROM trials_all"));
        return out;
    }

    private List<String> files(String table) throws Exception {
        try (var s = Files.list(dir.resolve(table))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && !n.startsWith("_"))
                    .sorted()
                    .toList();
        }
    }

    private long plainCount(String table) {
        return spark().read().parquet(dir.resolve(table).toString()).count();
    }

    @Test
    void mergesEachTableIntoOneFileWithTheSameRows() throws Exception {
        assertEquals(RUNS, files("steps").size());
        ResultCompaction.Outcome done = ResultCompaction.compact(spark(), dir.toString(), 2);
        for (ResultTable t : ResultTables.ALL) {
            List<String> left = files(t.name());
            assertEquals(1, left.size(), t.name() + ": " + left);
            assertTrue(left.get(0).startsWith(TableFiles.COMPACTED_PREFIX), left.toString());
            ResultViews.register(spark(), dir.toString());
            assertEquals(
                    scalar("SELECT count(*) FROM " + t.name() + "_all"),
                    plainCount(t.name()),
                    t.name() + " by plain spark.read");
        }
        assertEquals(before, counts());
        assertTrue(done.merged() > ResultTables.ALL.size(), done.toString());
        // Below the threshold nothing is merged again.
        assertEquals(0, ResultCompaction.compact(spark(), dir.toString(), 2).merged());
    }

    @Test
    void aCompactionStoppedAfterItsFileAppearedReadsOnceAndIsFinishedByTheNext() throws Exception {
        // Keep copies of the inputs, compact, then put them back: the state a crash leaves between the merged
        // file's rename and the inputs' deletion. Also a half-written merged file, as a crash before the rename.
        Path saved = Files.createDirectories(dir.resolve(".saved"));
        List<String> inputs = files("steps");
        for (String n : inputs) {
            Files.copy(dir.resolve("steps").resolve(n), saved.resolve(n));
        }
        ResultCompaction.compact(spark(), dir.toString(), 2);
        for (String n : inputs) {
            Files.copy(saved.resolve(n), dir.resolve("steps").resolve(n), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(dir.resolve("steps").resolve(".part-compacted-x.snappy.parquet.inprogress"), "half");
        assertEquals(inputs.size() + 1, files("steps").size());

        assertEquals(before, counts(), "the merged file and the files it replaces are read once");

        ResultCompaction.compact(spark(), dir.toString(), 1000);
        assertEquals(1, files("steps").size(), "the next compaction deleted the replaced files");
        assertFalse(Files.exists(dir.resolve("steps").resolve(".part-compacted-x.snappy.parquet.inprogress")));
        assertEquals(before.get("steps_all"), plainCount("steps"));
        assertEquals(before, counts());
    }

    @Test
    void aReaderQueryingWhileCompactionsRunSeesConstantCounts() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answers = new AtomicInteger();
        AtomicInteger filesGone = new AtomicInteger();
        List<String> wrong = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                try {
                    ResultViews.register(spark(), dir.toString());
                    List<Object> got = List.of(
                            scalar("SELECT count(*) FROM steps_all"),
                            scalar("SELECT count(*) FROM trials_all"),
                            scalar("SELECT count(*) FROM steps"));
                    List<Object> expected =
                            List.of(before.get("steps_all"), before.get("trials_all"), before.get("steps"));
                    if (!got.equals(expected)) {
                        wrong.add(got + " instead of " + expected);
                    }
                    answers.incrementAndGet();
                } catch (Exception e) {
                    // A query whose files a compaction removed after its views were made fails; it never answers.
                    if (!causedByMissingFile(e)) {
                        wrong.add(String.valueOf(e));
                    }
                    filesGone.incrementAndGet();
                }
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 2; i++) {
                // Each round merges the table's files again (threshold 1): a new file in, the old ones out.
                assertTrue(ResultCompaction.compact(spark(), dir.toString(), 1).merged() > 0);
            }
            while (answers.get() < 3 && wrong.isEmpty()) {
                Thread.sleep(50);
            }
        } finally {
            stop.set(true);
            reader.join();
        }
        assertEquals(List.of(), wrong);
        assertTrue(answers.get() >= 3, answers + " answers, " + filesGone + " refused");
        assertEquals(before, counts());
    }

    private static boolean causedByMissingFile(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof FileNotFoundException || m.contains("FILE_NOT_EXIST") || m.contains("does not exist")) {
                return true;
            }
        }
        return false;
    }
}
