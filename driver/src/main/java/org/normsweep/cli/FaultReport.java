package org.normsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine;

/**
 * Ends a command that failed with a fault ({@link Faults}) or an unexpected error: one screen on stderr (what failed,
 * where, what to do, and the log file that has the stack trace) and the exit status, {@link Main#FAULT} or
 * {@link Main#UNEXPECTED}. The stack trace goes to {@code run}'s trial log ({@link RunCommand#faultLog}); other
 * commands never write under a results directory, so theirs goes to {@code $TMPDIR/normsweep-logs/} (property
 * {@value #LOG_DIR_PROPERTY}), one file per failed command. Driver-only.
 */
final class FaultReport {
    /** Where commands other than {@code run} write a fault's stack trace; default {@code java.io.tmpdir}'s. */
    static final String LOG_DIR_PROPERTY = "normsweep.fault.log.dir";

    private FaultReport() {}

    /** Prints {@code e} as one screen on {@code cmd}'s stderr, its trace in a log file; returns the exit status. */
    static int report(Throwable e, CommandLine cmd) {
        String command = cmd.getCommandName();
        String results = results(cmd);
        String log = writeTrace(e, command, cmd.getCommand() instanceof RunCommand run ? run.faultLog() : null);
        Faults.Fault fault = Faults.classify(e, results);
        PrintWriter err = cmd.getErr();
        if (fault == null) {
            err.println("normsweep: " + command + ": unexpected error: "
                    + Faults.oneLine(e.getClass().getSimpleName() + ": " + e.getMessage()));
            err.println("  what to do: this is a bug in Normsweep; please report it with the log below");
        } else {
            err.println("normsweep: " + command + ": " + fault.what() + ": " + fault.where());
            err.println("  cause: " + fault.cause());
            err.println("  what to do: " + Faults.whatToDo(fault, command, results));
        }
        err.println("  stack trace: " + log);
        err.flush();
        return fault == null ? Main.UNEXPECTED : Main.FAULT;
    }

    /** The command's {@code --results}, or null when it has none. */
    private static String results(CommandLine cmd) {
        CommandLine.Model.OptionSpec option = cmd.getCommandSpec().findOption("--results");
        return option == null ? null : String.valueOf((Object) option.getValue());
    }

    /**
     * Appends the trace to {@code preferred} (run's trial log), else to a new file in the fault log directory; where
     * neither can be written (the disk holding them is full too), prints it on stderr and says so.
     */
    private static String writeTrace(Throwable e, String command, Path preferred) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        String text = "# normsweep " + command + " failed at " + stamp + "\n" + trace;
        if (preferred != null && append(preferred, text)) {
            return preferred.toString();
        }
        Path dir =
                Path.of(System.getProperty(LOG_DIR_PROPERTY, System.getProperty("java.io.tmpdir")), "normsweep-logs");
        Path file = dir.resolve("normsweep-" + command + "-" + stamp + "-"
                + ProcessHandle.current().pid() + ".log");
        if (append(file, text)) {
            return file.toString();
        }
        System.err.print(text);
        return "(could not be written to " + file + "; printed above)";
    }

    private static boolean append(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
