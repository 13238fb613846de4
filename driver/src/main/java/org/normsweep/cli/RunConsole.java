package org.normsweep.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.normsweep.result.TrialResult;
import org.normsweep.result.TrialStatus;
import org.normsweep.spark.SweepExecution;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrialSpec;

/**
 * The one channel {@code run} prints through. On a terminal: one progress line ({@link ProgressLine}) that
 * rewrites itself with {@code \r} at most every {@value #REDRAW_MILLIS} ms and on each finished trial, with
 * messages, warnings, DIVERGED and FAILED trials and console log lines printed above it (the line is cleared first,
 * then redrawn, so they never garble each other). Elsewhere (cron, CI, pipes, tests): plain lines, one per finished
 * trial. Driver-only; thread-safe.
 */
final class RunConsole implements SweepExecution.Listener, AutoCloseable {
    static final long REDRAW_MILLIS = 500;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final LongSupplier clock;
    private final OutputStream errAbove;
    private final boolean tick;
    private ScheduledExecutorService ticker;
    private ProgressLine progress;
    private List<Setting<?>> labelAlso = List.of();
    private int shownLength;
    private long drawnAt = Long.MIN_VALUE;
    private boolean errLineOpen;
    private Thread onExit;

    /** @param tick on a terminal, whether a timer redraws the line between events (elapsed time and ETA move) */
    RunConsole(PrintStream out, PrintStream err, boolean terminal, LongSupplier clock, boolean tick) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.tick = tick;
        this.errAbove = new ErrAbove();
    }

    /** On this JVM's stdout and stderr, as a terminal when {@link #isTerminal} says they are one. */
    static RunConsole open() {
        RunConsole console =
                new RunConsole(System.out, System.err, isTerminal(System.getenv()), System::nanoTime, true);
        if (console.terminal) {
            // Ctrl-C: the shell's prompt should not land on the end of the progress line.
            console.onExit = new Thread(console::finished, "normsweep-console-exit");
            Runtime.getRuntime().addShutdownHook(console.onExit);
        }
        return console;
    }

    /**
     * Whether stdout is an interactive terminal that understands {@code \r}: {@link System#console()} exists
     * (and, on Java 22 and later, where it exists even when redirected, says it is a terminal), and neither CI nor a
     * dumb terminal is declared.
     */
    static boolean isTerminal(Map<String, String> env) {
        java.io.Console console = System.console();
        if (console == null || env.containsKey("CI") || "dumb".equals(env.getOrDefault("TERM", "dumb"))) {
            return false;
        }
        try {
            // Console.isTerminal() is Java 22's; this code compiles for 17.
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    boolean terminal() {
        return terminal;
    }

    /** A line of information on stdout (above the progress line on a terminal). */
    synchronized void info(String line) {
        clear();
        out.println(line);
        out.flush();
        redraw(true);
    }

    /** A warning or error on stderr, on its own line. */
    synchronized void warn(String line) {
        clear();
        err.println(line);
        err.flush();
        redraw(true);
    }

    /**
     * Stderr for log appenders: on a terminal each write clears the progress line first, and the line comes back
     * once the log line is complete. Closing it leaves stderr open.
     */
    OutputStream errAbove() {
        return errAbove;
    }

    @Override
    public void message(String line) {
        info(line);
    }

    /** Labels each finished trial with these settings too ({@link TrialSpec#varying}: what tells trials apart). */
    synchronized void labelWith(List<Setting<?>> also) {
        labelAlso = also;
    }

    @Override
    public synchronized void started(int trials, int runs, int slots) {
        progress = new ProgressLine(trials, runs, slots, clock.getAsLong(), labelAlso);
        if (terminal && tick) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "normsweep-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(() -> redraw(false), REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
        }
        redraw(true);
    }

    @Override
    public synchronized void runStarted() {
        if (progress == null) {
            return; // finished already: the JVM is shutting down, and the line is gone
        }
        progress.runStarted();
        redraw(false);
    }

    @Override
    public synchronized void runEnded(double seconds) {
        if (progress == null) {
            return; // finished already: the JVM is shutting down, and the line is gone
        }
        progress.runEnded(seconds, clock.getAsLong());
        redraw(false);
    }

    @Override
    public synchronized void trialFinished(TrialResult result) {
        if (progress == null) {
            return; // finished already: the JVM is shutting down, and the line is gone
        }
        progress.trialFinished(result.status());
        // A terminal keeps the trials that need a look; a log keeps every trial.
        if (!terminal || result.status() != TrialStatus.COMPLETED) {
            clear();
            out.println(progress.trialLine(result, clock.getAsLong()));
            out.flush();
        }
        redraw(true);
    }

    @Override
    public synchronized void finished() {
        stopTicker();
        clear();
        progress = null;
    }

    /** Stops the progress line and leaves the cursor at the start of an empty line. */
    @Override
    public synchronized void close() {
        finished();
        if (onExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // The JVM is shutting down already; the hook clears the line.
            }
            onExit = null;
        }
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    /** Rewrites the progress line; unless {@code force}, at most every REDRAW_MILLIS and only when it changed. */
    private synchronized void redraw(boolean force) {
        if (!terminal || progress == null || errLineOpen) {
            return;
        }
        long now = clock.getAsLong();
        if (!force && now - drawnAt < TimeUnit.MILLISECONDS.toNanos(REDRAW_MILLIS)) {
            return;
        }
        String line = progress.terminalLine(now);
        // Spaces over what is left of a longer previous line; no ANSI codes, so any terminal shows it.
        out.print("\r" + line + " ".repeat(Math.max(0, shownLength - line.length())));
        out.flush();
        shownLength = line.length();
        drawnAt = now;
    }

    private void clear() {
        if (shownLength > 0) {
            out.print("\r" + " ".repeat(shownLength) + "\r");
            out.flush();
            shownLength = 0;
        }
    }

    /** Stderr that clears the progress line before writing, and redraws it after a complete line. */
    private final class ErrAbove extends OutputStream {
        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (RunConsole.this) {
                if (len == 0) {
                    return;
                }
                clear();
                err.write(b, off, len);
                errLineOpen = b[off + len - 1] != '\n';
            }
        }

        @Override
        public void flush() {
            synchronized (RunConsole.this) {
                err.flush();
                redraw(true);
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
