package org.normsweep.cli;

import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Sends the per-trial log lines (loggers {@code org.normsweep.train}, {@code .probe}, {@code .model} and
 * {@code .data}: every epoch of every trial) to a file for the duration of a run, and to the console only at WARN
 * and above unless verbose. Configures log4j2 in this JVM, so it sees the trials of local mode, whose executors
 * share the driver's JVM; a cluster's executors keep their own log configuration. On a terminal, the console
 * appenders of other loggers are routed through {@link RunConsole#errAbove()} too, so a Spark warning never lands
 * in the middle of the progress line. {@link #close()} puts the configuration back as it was. Driver-only.
 */
final class TrialLog implements AutoCloseable {
    static final List<String> TRIAL_LOGGERS =
            List.of("org.normsweep.train", "org.normsweep.probe", "org.normsweep.model", "org.normsweep.data");
    private static final String CONSOLE_PATTERN = "%d{HH:mm:ss} %-5level %c{1} - %msg%n";

    private final LoggerContext context;
    private final List<Appender> started = new ArrayList<>();
    private final Map<String, LoggerConfig> replaced = new LinkedHashMap<>();
    private final List<Runnable> undo = new ArrayList<>();

    private TrialLog(LoggerContext context) {
        this.context = context;
    }

    /**
     * Starts writing the trial loggers to {@code file} (appending; {@code header} is its first line when new).
     * Returns null where log4j2 is not SLF4J's backend, so nothing can be routed; the lines then go where they did.
     */
    static TrialLog install(Path file, String header, boolean verbose, RunConsole console) {
        if (!(LogManager.getContext(TrialLog.class.getClassLoader(), false) instanceof LoggerContext context)) {
            return null;
        }
        TrialLog log = new TrialLog(context);
        log.route(file, header, verbose, console);
        return log;
    }

    private void route(Path file, String header, boolean verbose, RunConsole console) {
        Configuration config = context.getConfiguration();
        Layout<String> fileLayout = PatternLayout.newBuilder()
                .withConfiguration(config)
                .withPattern("%d{yyyy-MM-dd HH:mm:ss} %-5level %c{1} - %msg%n")
                .withHeader(
                        "# " + header + ", log opened " + ZonedDateTime.now().withNano(0) + "%n")
                .build();
        FileAppender toFile = FileAppender.newBuilder()
                .setName("normsweep-trial-log")
                .withFileName(file.toString())
                .withAppend(true)
                .setLayout(fileLayout)
                .setConfiguration(config)
                .build();
        if (toFile == null) {
            // log4j has printed why (its status logger); the run goes on, with the trial lines on the console.
            console.warn("normsweep: cannot write the trial log " + file + "; trial lines go to the console");
        } else {
            start(toFile);
        }
        Appender toConsole =
                consoleAppender(config, "normsweep-trial-console", layoutOf(config.getRootLogger()), console);
        for (String name : TRIAL_LOGGERS) {
            LoggerConfig existing = config.getLoggers().get(name);
            if (existing != null) {
                replaced.put(name, existing);
                config.removeLogger(name);
            }
            // Not additive: the trial lines reach the console only through this logger's WARN (or INFO) threshold.
            LoggerConfig trial = new LoggerConfig(name, Level.INFO, false);
            if (toFile != null) {
                trial.addAppender(toFile, Level.INFO, null);
            }
            trial.addAppender(toConsole, verbose || toFile == null ? Level.INFO : Level.WARN, null);
            config.addLogger(name, trial);
        }
        if (console.terminal()) {
            List<LoggerConfig> all = new ArrayList<>(config.getLoggers().values());
            all.add(config.getRootLogger());
            all.forEach(logger -> guardConsole(config, logger, console));
        }
        context.updateLoggers();
    }

    /** Swaps {@code logger}'s console appenders for ones that write above the progress line. */
    private void guardConsole(Configuration config, LoggerConfig logger, RunConsole console) {
        for (Map.Entry<String, Appender> entry :
                Map.copyOf(logger.getAppenders()).entrySet()) {
            if (!(entry.getValue() instanceof ConsoleAppender original)) {
                continue;
            }
            Level level = logger.getAppenderRefs().stream()
                    .filter(ref -> ref.getRef().equals(entry.getKey()))
                    .map(AppenderRef::getLevel)
                    .filter(l -> l != null)
                    .findFirst()
                    .orElse(null);
            Appender guarded =
                    consoleAppender(config, "normsweep-guarded-" + entry.getKey(), original.getLayout(), console);
            logger.removeAppender(entry.getKey());
            logger.addAppender(guarded, level, null);
            undo.add(() -> {
                logger.removeAppender(guarded.getName());
                logger.addAppender(original, level, null);
            });
        }
    }

    private Appender consoleAppender(
            Configuration config, String name, Layout<? extends Serializable> layout, RunConsole console) {
        // RunConsole's stderr, as it is now: a test's captured stream, or the terminal's guarded one.
        OutputStream target = console.errAbove();
        return start(OutputStreamAppender.newBuilder()
                .setName(name)
                .setTarget(target)
                .setLayout(layout)
                .setConfiguration(config)
                .build());
    }

    /** The layout of the console lines users know, so a trial's WARN looks as it did. */
    private static Layout<? extends Serializable> layoutOf(LoggerConfig root) {
        return root.getAppenders().values().stream()
                .filter(a -> a instanceof ConsoleAppender)
                .<Layout<? extends Serializable>>map(Appender::getLayout)
                .findFirst()
                .orElseGet(() ->
                        PatternLayout.newBuilder().withPattern(CONSOLE_PATTERN).build());
    }

    private Appender start(Appender appender) {
        appender.start();
        started.add(appender);
        return appender;
    }

    /** Puts the log configuration back as it was before {@link #install} and closes the file. */
    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        for (String name : TRIAL_LOGGERS) {
            config.removeLogger(name);
            if (replaced.containsKey(name)) {
                config.addLogger(name, replaced.get(name));
            }
        }
        undo.forEach(Runnable::run);
        context.updateLoggers();
        started.forEach(Appender::stop);
    }
}
