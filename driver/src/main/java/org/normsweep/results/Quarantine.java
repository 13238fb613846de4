package org.normsweep.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Moves result files that make queries fail, or that hold only rows no view shows, out of the tables: to
 * {@code <results>/_quarantine/<stamp>/<table>/<file>}, where no table's reader looks (a leading {@code _} is hidden
 * from Spark and Hadoop too). Nothing is deleted; moving a file back restores it. The one writer under a results
 * directory besides {@code run}, under the same lock ({@link RunLock}), so never while a run writes. Driver-only.
 */
public final class Quarantine {
    /** The folder under a results directory that quarantined files go to. */
    public static final String DIR = "_quarantine";

    /** A file moved from {@code from} to {@code to}, and why. */
    public record Moved(Path from, Path to, String why) {}

    private Quarantine() {}

    /**
     * Moves the unreadable files of {@code findings} and the files whose every row is an orphan (a write that stopped
     * before its {@code trials} row, or whose {@code trials} file was unreadable) to {@code _quarantine/stamp}.
     */
    public static List<Moved> apply(
            Configuration conf, String resultsDir, ResultCheck.Findings findings, String stamp, String runId) {
        Set<List<Object>> todo = new LinkedHashSet<>();
        findings.unreadable().forEach(u -> todo.add(List.of(u.table(), u.file(), "unreadable: " + u.reason())));
        findings.orphans().stream()
                .filter(ResultCheck.Orphans::all)
                .forEach(o ->
                        todo.add(List.of(o.table(), o.file(), o.rows() + " row(s) of attempts without a trials row")));
        List<Moved> moved = new ArrayList<>();
        if (todo.isEmpty()) {
            return moved;
        }
        Path target = new Path(new Path(resultsDir, DIR), stamp);
        try (RunLock lock = RunLock.acquire(conf, resultsDir, runId)) {
            for (List<Object> item : todo) {
                Path from = (Path) item.get(1);
                Path to = new Path(new Path(target, (String) item.get(0)), from.getName());
                FileSystem fs = from.getFileSystem(conf);
                fs.mkdirs(to.getParent());
                // Hadoop's local file system moves the file's checksum (.crc) with it.
                if (!fs.rename(from, to)) {
                    throw new IOException("could not move " + from + " to " + to);
                }
                moved.add(new Moved(from, to, (String) item.get(2)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot move files to " + target + " (" + moved.size() + " moved): " + e.getMessage(), e);
        }
        return moved;
    }
}
