package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.normsweep.result.TrialResult;
import org.normsweep.testing.SampleResults;

/**
 * What {@code run} prints, on a terminal and elsewhere. Stdout and stderr share one buffer here, as they share a
 * terminal, so the test sees whether a warning lands in the middle of the progress line.
 */
class RunConsoleTest {
    private static final long MS = 1_000_000L;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(screen, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    private String takeScreen() {
        String s = screen();
        screen.reset();
        return s;
    }

    @Test
    void aTerminalGetsOneRewrittenLineAndWarningsOnTheirOwnLines() throws IOException {
        TrialResult ok = SampleResults.completed();
        TrialResult failed = SampleResults.failed();
        try (RunConsole console = new RunConsole(stream, stream, true, clock::get, false)) {
            console.info("normsweep: sweep s");
            console.started(2, 2, 1);
            String first = "normsweep: 0/2 done, 0 running | 0s elapsed, ETA ?";
            assertEquals("normsweep: sweep s\n\r" + first, takeScreen());

            clock.set(100 * MS);
            console.runStarted();
            assertEquals("", takeScreen(), "at most one rewrite per 500 ms");
            clock.set(600 * MS);
            console.runStarted();
            assertEquals("\rnormsweep: 0/2 done, 1 running | 1s elapsed, ETA ?", takeScreen());

            console.warn("normsweep: careful");
            String blank = "\r" + " ".repeat(first.length()) + "\r";
            assertEquals(
                    blank + "normsweep: careful\n\rnormsweep: 0/2 done, 1 running | 1s elapsed, ETA ?", takeScreen());

            clock.set(700 * MS);
            console.runEnded(0.5);
            console.trialFinished(ok);
            assertEquals(
                    "\rnormsweep: 1/2 done, 1 running | 1 COMPLETED | 1s elapsed, ETA 1s",
                    takeScreen(),
                    "a finished trial rewrites at once; a COMPLETED one gets no line of its own");

            OutputStream log = console.errAbove();
            log.write("12:00:00 WARN  Spark - half ".getBytes(StandardCharsets.UTF_8));
            log.flush();
            log.write("a line\n".getBytes(StandardCharsets.UTF_8));
            String partial = takeScreen();
            assertTrue(partial.matches("\r +\r12:00:00 WARN  Spark - half a line\n"), "no redraw inside: " + partial);
            log.flush();
            assertTrue(takeScreen().startsWith("\rnormsweep: 1/2 done"), "redrawn after the log line");

            console.runEnded(0);
            console.trialFinished(failed);
            String end = takeScreen();
            assertTrue(end.contains("\rnormsweep: [2/2] " + failed.spec().id() + " FAILED "), end);
            console.finished();
            assertTrue(takeScreen().matches("\r +\r"), "the line is cleared at the end");
        }
    }

    @Test
    void aShorterLineCoversTheRestOfTheLongerOneWithSpaces() {
        try (RunConsole console = new RunConsole(stream, stream, true, clock::get, false)) {
            console.started(3, 3, 1);
            console.runEnded(10);
            clock.set(600 * MS);
            console.runStarted();
            assertTrue(takeScreen().endsWith("\rnormsweep: 0/3 done, 1 running | 1s elapsed, ETA 19s"));
            clock.set(1200 * MS);
            console.runEnded(1);
            assertEquals("\rnormsweep: 0/3 done, 0 running | 1s elapsed, ETA 6s ", takeScreen());
        }
    }

    @Test
    void elsewhereEveryFinishedTrialIsOnePlainLine() {
        TrialResult ok = SampleResults.completed();
        try (RunConsole console = new RunConsole(stream, stream, false, clock::get, false)) {
            console.started(1, 1, 2);
            console.runStarted();
            clock.set(3000 * MS);
            console.runEnded(2.5);
            console.trialFinished(ok);
            console.warn("normsweep: careful");
            console.finished();
        }
        assertEquals(
                "normsweep: [1/1] " + ok.spec().id() + " COMPLETED " + ok.spec().label()
                        + ": test acc 0.5000, 1.5 s (elapsed 3s)\nnormsweep: careful\n",
                screen());
        assertFalse(screen().contains("\r"));
    }

    @Test
    void ciAndDumbTerminalsAreNotTerminals() {
        assertFalse(RunConsole.isTerminal(Map.of("CI", "true", "TERM", "xterm")));
        assertFalse(RunConsole.isTerminal(Map.of("TERM", "dumb")));
        // Under Maven, stdout is a pipe: no console whatever TERM says.
        assertFalse(RunConsole.isTerminal(Map.of("TERM", "xterm")));
    }
}
