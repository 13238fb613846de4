package org.normsweep.cli;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.normsweep.results.Quarantine;
import org.normsweep.results.ResultCheck;
import org.normsweep.results.RunLock;
import org.normsweep.spark.SparkSessions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Checks a results directory ({@link ResultCheck}) and prints what it found; with {@code --quarantine}, moves the
 * files that break queries aside ({@link Quarantine}). Without it, writes nothing.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Check a results directory: files that cannot be read, rows of attempts without a trials row,"
                + " rows the views would show twice. Writes nothing unless --quarantine.")
final class VerifyCommand implements java.util.concurrent.Callable<Integer> {
    /** Exit status when the check found problems (none left after --quarantine: 0). */
    static final int PROBLEMS = 5;

    @CommandLine.Mixin
    SparkOptions spark;

    @Option(
            names = "--quarantine",
            description = "move unreadable files, and files holding only rows without a trials row, to"
                    + " DIR/_quarantine/TIME/TABLE/ (never deleted; move them back to restore them)")
    boolean quarantine;

    @Option(names = "--max-lines", paramLabel = "N", defaultValue = "50", description = "default: ${DEFAULT-VALUE}")
    int maxLines;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        SparkSession session = SparkSessions.create(spark.master, "normsweep verify");
        if (!session.sparkContext().getConf().contains("spark.sql.shuffle.partitions")) {
            // verify's joins and groupings are over small tables: a partition per core, not Spark's 200.
            session.conf()
                    .set(
                            "spark.sql.shuffle.partitions",
                            String.valueOf(session.sparkContext().defaultParallelism()));
        }
        try {
            ResultCheck.Findings found = ResultCheck.check(session, spark.results);
            if (found.tables() == 0) {
                throw new BadInput("no result tables under " + spark.results + " (pass --results DIR)");
            }
            print(found, out);
            if (!quarantine || found.clean()) {
                if (!found.clean()) {
                    out.println("normsweep: `normsweep verify --results " + spark.results + " --quarantine` moves the"
                            + " unreadable files and the files of rows without a trials row to " + spark.results + "/"
                            + Quarantine.DIR + "/ (nothing is deleted); a later run trains their trials again");
                }
                return found.clean() ? 0 : PROBLEMS;
            }
            String stamp =
                    ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
            List<Quarantine.Moved> moved;
            try {
                moved = Quarantine.apply(
                        session.sparkContext().hadoopConfiguration(), spark.results, found, stamp, "verify-" + stamp);
            } catch (RunLock.ResultsLockedException e) {
                if (e.getCause() != null) {
                    throw e;
                }
                throw new BadInput(e.getMessage() + " (nothing was moved)", e);
            }
            moved.stream()
                    .limit(maxLines)
                    .forEach(m -> out.println("normsweep: moved " + m.from() + " -> " + m.to() + " (" + m.why() + ")"));
            out.println("normsweep: " + moved.size() + " file(s) moved aside; checking again");
            ResultCheck.Findings after = ResultCheck.check(session, spark.results);
            print(after, out);
            return after.clean() ? 0 : PROBLEMS;
        } finally {
            session.stop();
        }
    }

    private void print(ResultCheck.Findings f, PrintStream out) {
        out.printf(
                "normsweep: verify %s: %d table(s), %d file(s), %d row(s)%s%n",
                spark.results,
                f.tables(),
                f.files(),
                f.rows(),
                f.locked()
                        ? "; a run holds the lock (" + RunLock.FILE + "): its latest trial's rows may show below as"
                                + " rows without a trials row until it writes that"
                        : "");
        f.unreadable().stream()
                .limit(maxLines)
                .forEach(u -> out.println("  unreadable: " + u.file() + " (" + u.reason() + ")"));
        f.orphans().stream()
                .limit(maxLines)
                .forEach(o -> out.println("  without a trials row: " + o.rows() + " row(s) of " + o.table() + " in "
                        + o.file() + (o.all() ? " (all its rows)" : "")));
        f.duplicates().stream()
                .limit(maxLines)
                .forEach(d -> out.println("  twice: " + d.extra() + " row(s) of " + d.table()
                        + (d.table().equals("trials") ? "_all (an attempt recorded twice)" : " (the view)") + " in "
                        + String.join(", ", d.files())
                        + "; a copied file? move the copy out of the table by hand"));
        int problems =
                f.unreadable().size() + f.orphans().size() + f.duplicates().size();
        out.println(problems == 0 ? "normsweep: no problems found" : "normsweep: " + problems + " problem(s) found");
    }
}
