package org.normsweep.cli;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one home of fault classification: what an exception from the file system, a results store or a Parquet reader
 * means for the user, as a short what / where / what-to-do ({@link Fault}). A fault is the environment's, not the
 * input's: a full disk, a store that cannot be written or reached, an unreadable result file. {@link Main}'s
 * execution exception handler is the only place that prints one ({@link FaultReport}).
 */
final class Faults {
    /** Where a Spark, Parquet or Hadoop message names the file it could not read. */
    private static final Pattern FILE_IN_MESSAGE = Pattern.compile(
            "(?:^|reading file|footer for file|Checksum error:|results to)\\s*((?:file:|hdfs:|s3a:|/)[^\\s,;]+?)"
                    + "(?=[.,;:]?(?:\\s|$))");

    private Faults() {}

    /** What kind of fault: each has its own what-to-do. */
    enum Kind {
        DISK_FULL,
        FILE_SIZE_LIMIT,
        NOT_WRITABLE,
        UNREACHABLE,
        UNREADABLE_FILE,
        IO
    }

    /**
     * A fault in words.
     *
     * @param what what failed, one line
     * @param where the file or directory it concerns
     * @param cause the root cause's class and message, shortened to one line
     */
    record Fault(Kind kind, String what, String where, String cause) {}

    /**
     * Classifies {@code e}, whose command worked on {@code results} (the results directory, or null where the command
     * has none); null when {@code e} is not a fault of the environment (a bug: the caller reports it as such).
     */
    static Fault classify(Throwable e, String results) {
        List<Throwable> chain = chain(e);
        String all = String.join("\n", chain.stream().map(Faults::text).toList());
        String lower = all.toLowerCase(Locale.ROOT);
        Throwable root = chain.get(chain.size() - 1);
        String cause = oneLine(root.getClass().getSimpleName() + ": " + root.getMessage());
        String file = fileIn(chain);
        String where = file != null ? file : results;
        if (lower.contains("no space left on device")) {
            return new Fault(Kind.DISK_FULL, "no space left on the device", where, cause);
        }
        if (lower.contains("file too large")) {
            return new Fault(
                    Kind.FILE_SIZE_LIMIT, "a file-size limit (ulimit -f or a quota) stopped a write", where, cause);
        }
        if (lower.contains("read-only file system")
                || lower.contains("permission denied")
                || lower.contains("not a directory")
                || lower.contains("parent path is not a directory")
                || has(chain, AccessDeniedException.class)
                || has(chain, "org.apache.hadoop.security.AccessControlException")
                || has(chain, "org.apache.hadoop.fs.ParentNotDirectoryException")) {
            return new Fault(
                    Kind.NOT_WRITABLE,
                    "cannot write (read-only, no permission, or a parent is not a directory)",
                    where,
                    cause);
        }
        if (has(chain, ConnectException.class)
                || has(chain, UnknownHostException.class)
                || has(chain, NoRouteToHostException.class)
                || has(chain, SocketTimeoutException.class)) {
            return new Fault(
                    Kind.UNREACHABLE, "the results store cannot be reached", results != null ? results : where, cause);
        }
        if (lower.contains("failed_read_file")
                || lower.contains("cannot_read_file_footer")
                || lower.contains("not a parquet file")
                || lower.contains("could not read footer")
                || lower.contains("can not read class org.apache.parquet")
                || lower.contains("checksum error")
                || has(chain, "org.apache.parquet.io.ParquetDecodingException")
                || has(chain, "org.apache.hadoop.fs.ChecksumException")
                || file != null && has(chain, EOFException.class)) {
            return new Fault(Kind.UNREADABLE_FILE, "a result file cannot be read (truncated or corrupt)", where, cause);
        }
        if (has(chain, IOException.class) || has(chain, "org.apache.hadoop.fs.FSError")) {
            return new Fault(Kind.IO, "an I/O error", where, cause);
        }
        return null;
    }

    /** What to do about {@code fault}, for command {@code command} (run, sql, ...) over {@code results}. */
    static String whatToDo(Fault fault, String command, String results) {
        String resume = "run".equals(command)
                ? "re-run the same command: finished trials are kept and skipped"
                : "re-run the command";
        String dir = results == null ? "DIR" : results;
        return switch (fault.kind()) {
            case DISK_FULL -> "free space on the disk that holds " + fault.where()
                    + ("run".equals(command) ? " (or pass another --results DIR)" : "") + ", then " + resume;
            case FILE_SIZE_LIMIT -> "raise the limit (ulimit -f, the quota) or write elsewhere, then " + resume;
            case NOT_WRITABLE -> "make it writable (mount read-write, chmod/chown, check the path) or pass another"
                    + " --results DIR, then " + resume;
            case UNREACHABLE -> "check that the store is up and that the address in --results is right, then " + resume;
            case UNREADABLE_FILE -> "`normsweep verify --results " + dir
                    + "` lists the unreadable files; `--quarantine`"
                    + " moves them aside (nothing is deleted), then " + resume
                    + ("sql".equals(command) || "report".equals(command) || "diff".equals(command)
                            ? ""
                            : " (run trains the trials whose rows were in them again)");
            case IO -> "check the file system or store at that path, then " + resume;
        };
    }

    private static List<Throwable> chain(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
            for (Throwable s : t.getSuppressed()) {
                chain.add(s);
            }
        }
        return chain;
    }

    /** By name: {@code cli} does not import Hadoop or Parquet, whose exceptions it only recognises. */
    private static boolean has(List<Throwable> chain, String className) {
        for (Throwable t : chain) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (c.getName().equals(className)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String text(Throwable t) {
        return t.getClass().getName() + ": " + t.getMessage();
    }

    private static boolean has(List<Throwable> chain, Class<? extends Throwable> type) {
        return chain.stream().anyMatch(type::isInstance);
    }

    /** The first file a cause names: a java.nio exception's file, else a path in a Spark, Parquet or Hadoop message. */
    static String fileIn(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof FileSystemException f && f.getFile() != null) {
                return f.getFile();
            }
        }
        for (Throwable t : chain) {
            if (t.getMessage() == null) {
                continue;
            }
            Matcher m = FILE_IN_MESSAGE.matcher(t.getMessage());
            if (m.find()) {
                return m.group(1).replaceFirst("^file:(//)?(?=/)", "");
            }
        }
        return null;
    }

    /** A message on one line, at most 300 characters. */
    static String oneLine(String message) {
        String line = BadInput.firstLine(message);
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }
}
