package org.normsweep.cli;

import java.time.Duration;
import java.util.List;
import org.normsweep.results.RunLock;
import org.normsweep.spark.SparkShutdown;
import org.normsweep.spark.SweepExecution;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ends a run cleanly when the JVM is told to stop: SIGINT (Ctrl-C), SIGTERM ({@code kill}, a scheduler's stop),
 * SIGHUP. A shutdown hook that runs before Spark's (which stop the SparkContext, and so fail every job in flight)
 * stops the {@link SweepExecution}: the results that have arrived are written, the trials in flight get no row at
 * all (resume runs them again; no query counts them as FAILED). It then releases the results lock and prints one
 * line. The exit status stays the JVM's for the signal, 128 + its number: 130 (SIGINT), 143 (SIGTERM), 129
 * (SIGHUP). SIGKILL runs no hook: its run keeps the lock until the lock expires ({@link RunLock}). Driver-only.
 */
final class RunInterruption implements AutoCloseable {
    /** How long the hook waits for the results that have arrived to be written. */
    static final Duration DRAIN = Duration.ofSeconds(20);
    /** Hadoop interrupts the hook after this; Spark's own hooks run next. */
    static final Duration HOOK_TIMEOUT = Duration.ofSeconds(30);
    /** The exit statuses of SIGINT and SIGTERM; SIGTERM's also when no signal was seen (System.exit elsewhere). */
    static final int SIGINT_STATUS = 128 + 2, SIGTERM_STATUS = 128 + 15;

    private static volatile Signal received;
    private static boolean noting;

    private final SparkShutdown hook;

    private RunInterruption(SparkShutdown hook) {
        this.hook = hook;
    }

    /** From now until {@link #close}, a JVM shutdown ends {@code execution} cleanly and releases {@code lock}. */
    static RunInterruption install(SweepExecution execution, RunLock lock, RunConsole console) {
        noteSignals();
        return new RunInterruption(
                SparkShutdown.beforeSparkStops(() -> interrupted(execution, lock, console), HOOK_TIMEOUT));
    }

    /**
     * The exit status for the signal that is ending the JVM, the one it exits with: {@code run} returns it too, so
     * that {@code System.exit} cannot race the JVM with another.
     */
    static int exitStatus() {
        Signal signal = received;
        return signal == null ? SIGTERM_STATUS : 128 + signal.getNumber();
    }

    /** The one line an interrupted run ends with. */
    static String line(String signal, SweepExecution.Stopped stopped) {
        return String.format(
                "normsweep: interrupted%s: %d trial(s) finished, %d in flight (not recorded); re-run the same"
                        + " command to resume",
                signal == null ? "" : " by " + signal, stopped.finished(), stopped.inFlight());
    }

    private static void interrupted(SweepExecution execution, RunLock lock, RunConsole console) {
        SweepExecution.Stopped stopped = execution.stop(DRAIN);
        String lockProblem = null;
        try {
            lock.close();
        } catch (RuntimeException e) {
            lockProblem = e.getMessage();
        }
        console.finished();
        if (lockProblem != null) {
            console.warn("normsweep: " + lockProblem);
        }
        Signal signal = received;
        console.warn(line(signal == null ? null : "SIG" + signal.getName(), stopped));
    }

    /**
     * Notes which signal arrives before handing it on to the handler that was there (the JVM's, which runs the
     * shutdown hooks and exits with 128 + its number). A signal the JVM ignores (SIGINT in a background job) stays
     * ignored; where no handler can be set (-Xrs), the line names no signal.
     */
    private static synchronized void noteSignals() {
        if (noting) {
            return;
        }
        noting = true;
        for (String name : List.of("INT", "TERM", "HUP")) {
            try {
                Signal signal = new Signal(name);
                Noting handler = new Noting();
                handler.previous = Signal.handle(signal, handler);
                if (handler.previous == SignalHandler.SIG_IGN || handler.previous == SignalHandler.SIG_DFL) {
                    Signal.handle(signal, handler.previous);
                }
            } catch (IllegalArgumentException e) {
                // Not available to Java here; the JVM's own handling stands.
            }
        }
    }

    /** Unregisters the hook (the run ended by itself); during shutdown, does nothing. */
    @Override
    public void close() {
        hook.close();
    }

    private static final class Noting implements SignalHandler {
        private volatile SignalHandler previous;

        @Override
        public void handle(Signal signal) {
            received = signal;
            SignalHandler next = previous;
            if (next != null && next != SignalHandler.SIG_IGN && next != SignalHandler.SIG_DFL) {
                next.handle(signal);
            } else {
                System.exit(128 + signal.getNumber());
            }
        }
    }
}
