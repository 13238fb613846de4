package org.normsweep.cli;

import java.util.List;

/**
 * Input the user can fix (a file, an option, a query): the command stops, prints {@code normsweep: MESSAGE} on
 * one line and exits {@link Main#BAD_INPUT}, having written nothing.
 */
final class BadInput extends RuntimeException {
    BadInput(String message, Throwable cause) {
        super(message, cause);
    }

    BadInput(String message) {
        super(message);
    }

    /**
     * A (possibly multi-line, e.g. Spark's) message on one line: its first non-blank line, and the next one too when
     * the first only introduces it ({@code typo.sql:}).
     */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        List<String> lines =
                message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        return lines.get(0).endsWith(":") && lines.size() > 1 ? lines.get(0) + " " + lines.get(1) : lines.get(0);
    }
}
