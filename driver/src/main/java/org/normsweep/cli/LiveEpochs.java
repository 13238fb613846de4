package org.normsweep.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The per-epoch signal of the live view: the trials' own epoch log line ({@code trial ID epoch E/N train loss L test
 * acc A ...}, logger {@code org.normsweep.train}), seen where the trials log into this JVM (local mode; a cluster's
 * executors log elsewhere, and the page then moves at each finished trial). Parsing one short line per epoch costs
 * nothing next to an epoch. {@link #close()} detaches it. Driver-only.
 */
final class LiveEpochs extends AbstractAppender implements AutoCloseable {
    static final String LOGGER = "org.normsweep.train";
    private static final Pattern EPOCH =
            Pattern.compile("trial (\\S+) epoch (\\d+)/(\\d+) train loss (\\S+) test acc (\\S+)");

    private final LiveView view;
    private final LoggerContext context;
    private final LoggerConfig logger;

    private LiveEpochs(LiveView view, LoggerContext context, LoggerConfig logger) {
        super("normsweep-live-epochs", null, null, true, Property.EMPTY_ARRAY);
        this.view = view;
        this.context = context;
        this.logger = logger;
    }

    /** Attaches to the trial logger's configuration (as {@link TrialLog} left it); null where log4j2 is not in use. */
    static LiveEpochs attach(LiveView view) {
        if (view == null
                || !(LogManager.getContext(LiveEpochs.class.getClassLoader(), false) instanceof LoggerContext ctx)) {
            return null;
        }
        LoggerConfig config = ctx.getConfiguration().getLoggerConfig(LOGGER);
        if (!config.getName().equals(LOGGER)) {
            return null; // no trial log routing (TrialLog declares this logger): do not listen to the root logger
        }
        LiveEpochs appender = new LiveEpochs(view, ctx, config);
        appender.start();
        config.addAppender(appender, Level.INFO, null);
        ctx.updateLoggers();
        return appender;
    }

    @Override
    public void append(LogEvent event) {
        Matcher m = EPOCH.matcher(event.getMessage().getFormattedMessage());
        if (m.lookingAt()) {
            try {
                view.epochEnded(
                        m.group(1),
                        Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)),
                        Double.parseDouble(m.group(4)),
                        Double.parseDouble(m.group(5)));
            } catch (NumberFormatException e) {
                // A line of another shape: not an epoch end.
            }
        }
    }

    @Override
    public void close() {
        logger.removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
